package dev.moments.server.experiment;

import dev.moments.server.stats.MetricType;
import java.util.Objects;

/**
 * A metric an experiment measures: its key (the {@code metric} of conversion events) and type.
 * Built with {@link #of} and the withers, never positionally outside the JSON mapping, so that the
 * attributes still to come (direction, unit, cap, window, numerator and denominator) join as
 * components with defaults without touching the places that make metrics.
 *
 * @param name a person's name for the metric, or null
 */
public record Metric(String key, MetricType type, String name) {

  public Metric {
    Objects.requireNonNull(key, "metric key");
    type = type == null ? MetricType.BINOMIAL : type;
  }

  public static Metric of(String key, MetricType type) {
    return new Metric(key, type, null);
  }

  /** Did the unit convert at all: the default type. */
  public static Metric binomial(String key) {
    return of(key, MetricType.BINOMIAL);
  }

  public Metric withName(String name) {
    return new Metric(key, type, name);
  }
}
