package dev.moments.sdk;

/**
 * An event waiting to be sent. It holds raw fields only; the id and the JSON are made on the
 * background thread, so the hot path pays for an allocation and nothing else.
 *
 * @param sequence unique per client, given when the event leaves the queue ({@link #withSequence});
 *     makes the id of a conversion
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
    boolean ad,
    Object[] attributes) {

  private static final long UNNUMBERED = -1;

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
        assignment.ad(),
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
        false,
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
        ad,
        attributes);
  }
}
