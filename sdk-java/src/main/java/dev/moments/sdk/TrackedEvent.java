package dev.moments.sdk;

import java.time.Instant;
import java.util.Map;

/**
 * An event as {@link FakeMomentsClient} captures it: an exposure ({@code experiment} and {@code
 * variant} set, {@code metric} null) or a conversion ({@code metric} and {@code value} set).
 */
public record TrackedEvent(
    String type,
    String unitId,
    String experiment,
    String variant,
    String metric,
    double value,
    boolean forced,
    Instant timestamp,
    Map<String, Object> attributes) {
  public static final String EXPOSURE = "exposure";
  public static final String CONVERSION = "conversion";
}
