package dev.moments.server.rollup;

import dev.moments.server.stats.SampleStats;
import java.util.Map;

/**
 * Rollup cells added up the plain way, one immutable {@link SampleStats#plus} per merge: the oracle
 * the fold's in-place {@link CellSums} is compared with.
 */
final class PlainCells {
  private PlainCells() {}

  static void add(Map<RollupKey, SampleStats> into, Map<RollupKey, SampleStats> cells) {
    cells.forEach((key, stats) -> into.merge(key, stats, SampleStats::plus));
  }
}
