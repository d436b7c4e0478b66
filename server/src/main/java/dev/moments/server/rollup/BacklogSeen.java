package dev.moments.server.rollup;

/**
 * What the worker's last batch that read the inbox found of the backlog, which the pacing goes by.
 * Pure.
 *
 * @param found events waiting when that batch began (all partitions)
 * @param left those of them it did not fold
 * @param oldestMs how long the oldest of those left had waited; 0 when it left none
 */
record BacklogSeen(long found, long left, long oldestMs) {
  static final BacklogSeen NONE = new BacklogSeen(0, 0, 0);

  /**
   * After {@code round}: a round that read nothing (its partitions given up for a moment, as when a
   * heartbeat is late on a loaded machine) leaves what the last read found. Taken as no backlog,
   * the next round yielded with 450,000 events waiting for 75 s (issue 19.3).
   */
  BacklogSeen after(FoldRound round) {
    if (!round.read()) {
      return this;
    }
    long left = Math.max(0, round.lagBefore() - round.folded());
    // the oldest event waiting when the batch began is folded now unless the batch was short of
    // it; the next claim reads the lag again
    return new BacklogSeen(round.lagBefore(), left, left == 0 ? 0 : round.lagMsBefore());
  }
}
