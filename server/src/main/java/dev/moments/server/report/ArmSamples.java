package dev.moments.server.report;

import dev.moments.server.experiment.Metric;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.SampleStats;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each variant's sample of one metric over all its units, from the rollups as {@link
 * dev.moments.server.rollup.RollupReader#rows} reads them: what the bandit updater samples its
 * posteriors from. The same reading as the report's ({@link RollupCube#sample}): n from the
 * variant's exposed units, the sums from the metric's rows. A windowed metric is read, as the
 * report reads it, from the units whose window has closed ({@link MetricAnalyzer#matured}): a
 * maturing unit would look like a non-converter and pull down the arm that got the most units
 * lately.
 */
public final class ArmSamples {
  private ArmSamples() {}

  /**
   * @param rows the overall rows (segment attribute "") and any others, which are ignored
   * @param at the clock a windowed metric's windows are closed by
   * @return by variant, in the order of {@code variants}
   */
  public static Map<String, SampleStats> of(
      List<RollupRow> rows, Metric metric, List<String> variants, Instant at) {
    RollupCube cube =
        new RollupCube(rows.stream().filter(r -> r.segmentAttribute().isEmpty()).toList());
    Map<String, SampleStats> samples = new LinkedHashMap<>();
    variants.forEach(v -> samples.put(v, MetricAnalyzer.matured(metric, cube, v, at)));
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
