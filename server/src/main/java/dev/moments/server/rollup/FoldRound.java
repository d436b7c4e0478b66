package dev.moments.server.rollup;

/**
 * One batch: how many events it folded and how many were waiting when it began (all partitions),
 * and how long the oldest of them had waited in the partitions it read ({@code allPartitions}:
 * those were all of them); {@code read} false when it read nothing (no partition owned or fenced),
 * so the waiting events are unknown, not none.
 */
record FoldRound(
    int folded, long lagBefore, long lagMsBefore, boolean allPartitions, boolean read) {
  static final FoldRound NONE = new FoldRound(0, 0, 0, false, false);
}
