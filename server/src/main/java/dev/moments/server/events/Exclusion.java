package dev.moments.server.events;

/**
 * Why a stored event does not count in an experiment's statistics. The first four are decided at
 * ingestion from the request (stored with the event: the fold could not recompute them); the rest
 * by the fold from the experiment's history and the unit's hash, so that rebuilding the rollups
 * gives the same numbers. The report's {@code health} counts excluded events by {@link #wire()}.
 */
public enum Exclusion {
  /** A known crawler's user agent (client keys only: a back end's user agent says nothing). */
  BOT("bot", true),
  /** A forced exposure sent with the client key without a valid preview-link signature. */
  UNSIGNED_FORCE("unsignedForce", true),
  /** An ad-click exposure sent with the client key without a valid ad-link signature. */
  UNSIGNED_AD("unsignedAd", true),
  /** A client-key request speaking for more units than a browser page does. */
  MANY_UNITS("manyUnitsInRequest", true),
  /** Dated before the experiment's first start (a draft, or an experiment that does not exist). */
  BEFORE_START("beforeStart", false),
  /** Dated while the experiment was paused. */
  WHILE_PAUSED("whilePaused", false),
  /** Dated after the experiment stopped. */
  AFTER_STOP("afterStop", false),
  /**
   * An exposure naming a variant the unit cannot have: not one of the experiment's, not the one the
   * unit's hash gives (for an exposure neither forced nor from an ad click), or an ad click on an
   * experiment that is not an ad experiment.
   */
  IMPLAUSIBLE_VARIANT("implausibleVariant", false);

  /** The rollups' pseudo-metric prefix of excluded events: {@code $excluded:bot}. */
  public static final String METRIC_PREFIX = "$excluded:";

  private final String wire;
  private final boolean atIngestion;

  Exclusion(String wire, boolean atIngestion) {
    this.wire = wire;
    this.atIngestion = atIngestion;
  }

  public String wire() {
    return wire;
  }

  /** Decided from the request and stored with the event. */
  public boolean atIngestion() {
    return atIngestion;
  }

  /** The rollups' pseudo-metric counting these events. */
  public String metric() {
    return METRIC_PREFIX + wire;
  }

  /** The reason of a stored {@code events.excluded} value, or null for none (or an unknown one). */
  public static Exclusion fromWire(String value) {
    if (value == null) {
      return null;
    }
    for (Exclusion e : values()) {
      if (e.wire.equals(value)) {
        return e;
      }
    }
    return null;
  }
}
