package dev.moments.sdk;

import static dev.moments.sdk.TestConfigs.MOMENT;
import static dev.moments.sdk.TestConfigs.chiSquare;
import static dev.moments.sdk.TestConfigs.randomIds;
import static dev.moments.sdk.TestConfigs.range;
import static dev.moments.sdk.TestConfigs.running;
import static dev.moments.sdk.TestConfigs.variantIndex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The split is within sampling error. Critical values come from R, see
 * src/test/stats/chisq_critical.R; ids come from a fixed seed, so the outcome is reproducible.
 */
class DistributionTest {
  private static final int UNITS = 100_000;
  private static final double CRITICAL_DF1 = 10.82756617; // qchisq(0.999, 1)
  private static final double CRITICAL_DF2 = 13.81551056; // qchisq(0.999, 2)
  private static final double CRITICAL_DF1_EACH_OF_10 =
      15.13670523; // qchisq(1 - 0.001 / 10, 1), Bonferroni
  private static final double CRITICAL_DF9 = 27.87716487; // qchisq(0.999, 9)

  private final List<String> ids = randomIds(20261123L, UNITS);

  @Test
  void fiftyFiftySplitIsWithinSamplingError() {
    long[] counts = countVariants(running("hero", "salt-50", range(0, 10_000), 50, 50), 2);
    assertEquals(UNITS, counts[0] + counts[1]);
    double statistic = chiSquare(counts, new double[] {0.5, 0.5});
    assertTrue(
        statistic < CRITICAL_DF1,
        "chi-square " + statistic + " for counts " + Arrays.toString(counts));
  }

  @Test
  void tenThirtySixtySplitIsWithinSamplingError() {
    long[] counts = countVariants(running("hero", "salt-136", range(0, 10_000), 10, 30, 60), 3);
    double statistic = chiSquare(counts, new double[] {0.1, 0.3, 0.6});
    assertTrue(
        statistic < CRITICAL_DF2,
        "chi-square " + statistic + " for counts " + Arrays.toString(counts));
  }

  @Test
  void layerSplitBetweenTwoExperimentsMatchesTheirWidths() {
    AssignmentConfig config =
        AssignmentConfig.of(
            "v",
            List.of(
                running("a", "salt-a", range(0, 3000), 50, 50),
                running("b", "salt-b", range(3000, 6000), 50, 50)));
    long[] counts = new long[3]; // a, b, neither
    for (String id : ids) {
      Assignment assignment = Assigner.assign(config, MOMENT, id, Map.of());
      counts[assignment == null ? 2 : assignment.experiment().equals("a") ? 0 : 1]++;
    }
    double statistic = chiSquare(counts, new double[] {0.3, 0.3, 0.4});
    assertTrue(
        statistic < CRITICAL_DF2,
        "chi-square " + statistic + " for counts " + Arrays.toString(counts));
  }

  /** If the variant hash depended on the layer hash, slices of L would each lean to one variant. */
  @Test
  void variantSplitIsEvenWithinEachLayerSlice() {
    AssignmentConfig config =
        AssignmentConfig.of("v", List.of(running("hero", "salt-x", range(0, 10_000), 50, 50)));
    long[][] bySlice = new long[10][2];
    for (String id : ids) {
      int slice = Hashing.bucket("layer:" + MOMENT + ":" + id) / 1000;
      bySlice[slice][variantIndex(Assigner.assign(config, MOMENT, id, Map.of()))]++;
    }
    for (int slice = 0; slice < 10; slice++) {
      double statistic = chiSquare(bySlice[slice], new double[] {0.5, 0.5});
      assertTrue(
          statistic < CRITICAL_DF1_EACH_OF_10,
          "slice "
              + slice
              + ": chi-square "
              + statistic
              + " for "
              + Arrays.toString(bySlice[slice]));
    }
    double independence = contingencyChiSquare(bySlice);
    assertTrue(independence < CRITICAL_DF9, "10x2 independence chi-square " + independence);
  }

  private long[] countVariants(ExperimentDefinition experiment, int variants) {
    AssignmentConfig config = AssignmentConfig.of("v", List.of(experiment));
    long[] counts = new long[variants];
    for (String id : ids) {
      counts[variantIndex(Assigner.assign(config, MOMENT, id, Map.of()))]++;
    }
    return counts;
  }

  static double contingencyChiSquare(long[][] table) {
    long total = 0;
    long[] rowTotals = new long[table.length];
    long[] columnTotals = new long[table[0].length];
    for (int r = 0; r < table.length; r++) {
      for (int c = 0; c < table[r].length; c++) {
        rowTotals[r] += table[r][c];
        columnTotals[c] += table[r][c];
        total += table[r][c];
      }
    }
    double statistic = 0;
    for (int r = 0; r < table.length; r++) {
      for (int c = 0; c < table[r].length; c++) {
        double expected = (double) rowTotals[r] * columnTotals[c] / total;
        statistic += (table[r][c] - expected) * (table[r][c] - expected) / expected;
      }
    }
    return statistic;
  }
}
