package dev.moments.sdk;

/**
 * An event waiting to be sent. It holds raw fields only; the id and the JSON are made on the
 * background thread, so the hot path pays for an allocation and nothing else.
 *
 * @param sequence unique per client, given when the event leaves the queue ({@link #withSequence});
 *     makes the id of a conversion
 * @param source null, "ad" (an ad click) or "holdout" (a holdout exposure)
 * @param attributes key/value pairs already filtered to what the server accepts, or null
 */
record QueuedEvent(
    long sequence,
    boolean exposure,
    String unitId,
    String experiment,
    String variant,
    String metric,
    double value,
    long epochMillis,
    boolean forced,
    String source,
    Object[] attributes) {

  private static final long UNNUMBERED = -1;
  static final String AD = "ad";
  static final String HOLDOUT = "holdout";

  static QueuedEvent exposure(Assignment assignment, String unitId, Object[] attributes) {
    return new QueuedEvent(
        UNNUMBERED,
        true,
        unitId,
        assignment.experiment(),
        assignment.variant(),
        null,
        1.0,
        System.currentTimeMillis(),
        assignment.forced(),
        assignment.ad() ? AD : null,
        attributes);
  }

  static QueuedEvent holdoutExposure(HoldoutGroup group, String unitId, Object[] attributes) {
    return new QueuedEvent(
        UNNUMBERED,
        true,
        unitId,
        group.holdout(),
        group.variant(),
        null,
        1.0,
        System.currentTimeMillis(),
        false,
        HOLDOUT,
        attributes);
  }

  static QueuedEvent conversion(String unitId, String metric, double value) {
    return new QueuedEvent(
        UNNUMBERED,
        false,
        unitId,
        null,
        null,
        metric,
        value,
        System.currentTimeMillis(),
        false,
        null,
        null);
  }

  QueuedEvent withSequence(long number) {
    return new QueuedEvent(
        number,
        exposure,
        unitId,
        experiment,
        variant,
        metric,
        value,
        epochMillis,
        forced,
        source,
        attributes);
  }
}
