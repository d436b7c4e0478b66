package dev.moments.server.report;

import dev.moments.server.experiment.Metric;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.SampleStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each variant's sample of one metric over all its units, from the rollups as {@link
 * dev.moments.server.rollup.RollupReader#rows} reads them: what the bandit updater samples its
 * posteriors from. The same reading as the report's ({@link RollupCube#sample}): n from the
 * variant's exposed units, the sums from the metric's rows. A windowed metric is read as it stands
 * (maturing units included).
 */
public final class ArmSamples {
  private ArmSamples() {}

  /**
   * @param rows the overall rows (segment attribute "") and any others, which are ignored
   * @return by variant, in the order of {@code variants}
   */
  public static Map<String, SampleStats> of(
      List<RollupRow> rows, Metric metric, List<String> variants) {
    RollupCube cube =
        new RollupCube(rows.stream().filter(r -> r.segmentAttribute().isEmpty()).toList());
    Map<String, SampleStats> samples = new LinkedHashMap<>();
    variants.forEach(v -> samples.put(v, cube.sample(metric, v)));
    return samples;
  }

  /** The units counted in the experiment (not forced), over every variant. */
  public static long units(List<RollupRow> rows) {
    return rows.stream()
        .filter(r -> r.segmentAttribute().isEmpty() && r.metric().equals(RollupRow.UNITS))
        .mapToLong(r -> r.stats().n())
        .sum();
  }
}
