package dev.moments.sdk;

import static dev.moments.sdk.TestConfigs.chiSquare;
import static dev.moments.sdk.TestConfigs.randomIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Holdouts split as configured: the holdout's share is its percent, the variant split inside and
 * outside it is the experiment's, and membership is independent of another holdout. Critical values
 * come from R (src/test/stats/chisq_critical.R); ids come from a fixed seed.
 */
class HoldoutDistributionTest {
  private static final int UNITS = 100_000;
  private static final double CRITICAL_DF1 = 10.82756617; // qchisq(0.999, 1)
  private static final double CRITICAL_DF2 = 13.81551056; // qchisq(0.999, 2)
  private static final double[] SPLIT = {0.1, 0.3, 0.6};
  private static final String HELD = "fmot.held";
  private static final String FREE = "fmot.free";

  private static final AssignmentConfig CONFIG =
      AssignmentConfig.fromJson(
          """
          {"experiments":[
            {"key":"held-exp","moment":"fmot.held","salt":"held-salt","status":"running","trafficPercent":100,
             "ranges":[[0,10000]],"variants":[{"key":"v0","weight":10},{"key":"v1","weight":30},{"key":"v2","weight":60}]},
            {"key":"free-exp","moment":"fmot.free","salt":"free-salt","status":"running","trafficPercent":100,
             "ranges":[[0,10000]],"variants":[{"key":"v0","weight":10},{"key":"v1","weight":30},{"key":"v2","weight":60}]}],
           "holdouts":[{"key":"q1-holdout","percent":5,"moments":["fmot.held"]},
                       {"key":"second","percent":20,"moments":["fmot.held"]}]}
          """);

  private final List<String> ids = randomIds(20261124L, UNITS);

  private static boolean held(String id, int holdout) {
    return Assigner.holdouts(CONFIG, HELD, id).get(holdout).held();
  }

  @Test
  void theHoldoutsShareIsItsPercentAndItsUnitsGetNothing() {
    long[] counts = new long[2]; // in, out
    for (String id : ids) {
      boolean in = held(id, 0);
      counts[in ? 0 : 1]++;
      if (in) {
        assertNull(Assigner.assign(CONFIG, HELD, id, null), id + " is held out");
      }
    }
    double statistic = chiSquare(counts, new double[] {0.05, 0.95});
    assertTrue(
        statistic < CRITICAL_DF1, "chi-square " + statistic + " for " + Arrays.toString(counts));
  }

  @Test
  void outsideTheHoldoutTheVariantSplitIsTheExperiments() {
    long[] counts = new long[3];
    for (String id : ids) {
      if (!held(id, 0) && !held(id, 1)) {
        counts[TestConfigs.variantIndex(Assigner.assign(CONFIG, HELD, id, null))]++;
      }
    }
    double statistic = chiSquare(counts, SPLIT);
    assertTrue(
        statistic < CRITICAL_DF2, "chi-square " + statistic + " for " + Arrays.toString(counts));
  }

  /** On a moment the holdout does not cover, its members split like everyone else. */
  @Test
  void insideAndOutsideTheHoldoutAnUncoveredMomentSplitsAsConfigured() {
    long[][] byGroup = new long[2][3]; // in, out x v0, v1, v2
    for (String id : ids) {
      byGroup[held(id, 0) ? 0 : 1][
          TestConfigs.variantIndex(Assigner.assign(CONFIG, FREE, id, null))]++;
    }
    for (long[] group : byGroup) {
      double statistic = chiSquare(group, SPLIT);
      assertTrue(
          statistic < CRITICAL_DF2, "chi-square " + statistic + " for " + Arrays.toString(group));
    }
    double independence = DistributionTest.contingencyChiSquare(byGroup);
    assertTrue(independence < CRITICAL_DF2, "2x3 independence chi-square " + independence);
  }

  @Test
  void twoHoldoutsOnAMomentAreIndependent() {
    long[][] table = new long[2][2];
    for (String id : ids) {
      table[held(id, 0) ? 0 : 1][held(id, 1) ? 0 : 1]++;
    }
    long inSecond = table[0][0] + table[1][0];
    assertTrue(
        chiSquare(new long[] {inSecond, UNITS - inSecond}, new double[] {0.2, 0.8}) < CRITICAL_DF1,
        "the second holdout's share: " + inSecond);
    double independence = DistributionTest.contingencyChiSquare(table);
    assertTrue(independence < CRITICAL_DF1, "2x2 independence chi-square " + independence);
    assertEquals(UNITS, table[0][0] + table[0][1] + table[1][0] + table[1][1]);
  }
}
