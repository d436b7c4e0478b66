package dev.moments.server.events;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * One validated event as it is stored. Exposures carry experiment and variant, conversions a metric
 * and value.
 *
 * @param attributes the unit's attributes at that moment (segments come from the first exposure's);
 *     may be null
 * @param source {@value #AD} for an exposure recorded from an ad click (counted in the ad
 *     experiment), {@value #HOLDOUT} for a holdout exposure (its experiment is the holdout's key,
 *     its variant {@value #IN_HOLDOUT} or {@value #EXPOSED}; no experiment counts it), else null
 * @param excluded why the request makes this event not count, decided at ingestion; null when
 *     nothing about the request does (the fold may still leave it out)
 */
public record Event(
    String id,
    EventType type,
    String unitId,
    String experiment,
    String variant,
    String metric,
    double value,
    Instant timestamp,
    boolean forced,
    JsonObject attributes,
    String source,
    Exclusion excluded) {
  public static final String AD = "ad";
  public static final String HOLDOUT = "holdout";

  /** A holdout exposure's variant for a member of the holdout. */
  public static final String IN_HOLDOUT = "holdout";

  /** A holdout exposure's variant for everyone else. */
  public static final String EXPOSED = "exposed";

  /** An event neither from an ad click nor excluded at ingestion. */
  public Event(
      String id,
      EventType type,
      String unitId,
      String experiment,
      String variant,
      String metric,
      double value,
      Instant timestamp,
      boolean forced,
      JsonObject attributes) {
    this(
        id,
        type,
        unitId,
        experiment,
        variant,
        metric,
        value,
        timestamp,
        forced,
        attributes,
        null,
        null);
  }

  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(unitId, "unitId");
    Objects.requireNonNull(timestamp, "timestamp");
    if (type == EventType.EXPOSURE && (experiment == null || variant == null)) {
      throw new IllegalArgumentException("exposure " + id + " needs an experiment and a variant");
    }
    if (type == EventType.CONVERSION && metric == null) {
      throw new IllegalArgumentException("conversion " + id + " needs a metric");
    }
    if (source != null
        && !(type == EventType.EXPOSURE && (AD.equals(source) || HOLDOUT.equals(source)))) {
      throw new IllegalArgumentException(
          "event " + id + ": source must be null or an exposure's ad or holdout");
    }
    if (HOLDOUT.equals(source) && !(IN_HOLDOUT.equals(variant) || EXPOSED.equals(variant))) {
      throw new IllegalArgumentException(
          "holdout exposure " + id + ": variant must be holdout or exposed, not " + variant);
    }
    if (excluded != null && !excluded.atIngestion()) {
      throw new IllegalArgumentException(
          "event " + id + ": only a reason decided at ingestion is stored, got " + excluded);
    }
  }

  /**
   * The exposure the /assign route logs; a deterministic id makes repeated assignments store one
   * row.
   */
  public static Event exposure(
      String id,
      String unitId,
      String experiment,
      String variant,
      Instant timestamp,
      boolean forced,
      JsonObject attributes) {
    return new Event(
        id,
        EventType.EXPOSURE,
        unitId,
        experiment,
        variant,
        null,
        0,
        timestamp,
        forced,
        attributes);
  }

  public static Event conversion(
      String id,
      String unitId,
      String metric,
      double value,
      Instant timestamp,
      JsonObject attributes) {
    return new Event(
        id, EventType.CONVERSION, unitId, null, null, metric, value, timestamp, false, attributes);
  }

  public boolean isExposure() {
    return type == EventType.EXPOSURE;
  }

  /** An exposure recorded from an ad click. */
  public boolean isAd() {
    return AD.equals(source);
  }

  /** A holdout exposure: which side of a holdout the unit is on, not an experiment's exposure. */
  public boolean isHoldout() {
    return HOLDOUT.equals(source);
  }

  /** The same event recorded from an ad click. */
  public Event asAd() {
    return withSource(AD);
  }

  /** The same exposure as a holdout exposure (its variant must be holdout or exposed). */
  public Event asHoldout() {
    return withSource(HOLDOUT);
  }

  private Event withSource(String newSource) {
    return new Event(
        id,
        type,
        unitId,
        experiment,
        variant,
        metric,
        value,
        timestamp,
        forced,
        attributes,
        newSource,
        excluded);
  }

  /** The same event under another id. */
  public Event withId(String newId) {
    return new Event(
        newId,
        type,
        unitId,
        experiment,
        variant,
        metric,
        value,
        timestamp,
        forced,
        attributes,
        source,
        excluded);
  }

  /** The same event, left out of the statistics for a reason the request gives. */
  public Event excludedBecause(Exclusion reason) {
    return new Event(
        id,
        type,
        unitId,
        experiment,
        variant,
        metric,
        value,
        timestamp,
        forced,
        attributes,
        source,
        reason);
  }
}
