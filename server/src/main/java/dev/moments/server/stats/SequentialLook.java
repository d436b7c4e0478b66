package dev.moments.server.stats;

/**
 * One comparison's state at a group-sequential look: the report's {@code "sequential"} object.
 *
 * @param method {@code "group_sequential"}
 * @param look 1-based number of the look among the looks taken (skipped days do not count)
 * @param informationFraction units in the statistics / planned units, capped at 1
 * @param zBoundary |z| at or above which the test stops; {@link Double#POSITIVE_INFINITY} (JSON
 *     null) when no stop is possible at this look
 * @param alphaSpent cumulative two-sided alpha spent up to and including this look
 * @param z estimate / standard error at this look
 */
public record SequentialLook(
    String method,
    int look,
    double informationFraction,
    double zBoundary,
    double alphaSpent,
    double z) {

  public static final String GROUP_SEQUENTIAL = "group_sequential";

  public boolean crossed() {
    return Math.abs(z) >= zBoundary;
  }
}
