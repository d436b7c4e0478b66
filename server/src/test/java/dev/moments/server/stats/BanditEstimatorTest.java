package dev.moments.server.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.stats.BanditEstimator.ArmEstimate;
import dev.moments.server.stats.BanditEstimator.Period;
import java.util.List;
import org.junit.jupiter.api.Test;

class BanditEstimatorTest {

  /** Per-unit totals per period, as bandit_reference.py's "mean-three-periods". */
  private static Period period(double weight, double... totals) {
    double sum = 0;
    double squares = 0;
    for (double t : totals) {
      sum += t;
      squares += t * t;
    }
    return new Period(new SampleStats(totals.length, sum, squares), weight);
  }

  @Test
  void weightedMeanAndStandardErrorFromPeriodSumsMatchTheUnitLevelComputation() {
    String[] ref =
        ReferenceFile.lines("bandit_reference.py.out").stream()
            .filter(f -> f[0].equals("weighted") && f[1].equals("mean-three-periods"))
            .findFirst()
            .orElseThrow();
    ArmEstimate e =
        BanditEstimator.estimate(
            List.of(
                period(0.5, 1.0, 2.5, 0.0, 4.0),
                period(0.2, 3.0, 0.5),
                period(0.3, 2.0, 2.0, 7.0)));
    Close.relative(Double.parseDouble(ref[2]), e.mean(), 1e-9, "mean");
    Close.relative(Double.parseDouble(ref[3]), e.standardError(), 1e-9, "standard error");
    assertEquals(9, e.units());
  }

  @Test
  void aDriftingBaselineDoesNotBiasTheWeightedMeanWhileThePooledOneIsFooled() {
    // Hand computation with expected counts (no noise): 1,000 units a period; the baseline is 10 %
    // in the first period and 2 % in the second, and both arms convert at the baseline (no true
    // difference). Arm A has 50 % then 10 % of the traffic, arm B 50 % then 90 %.
    // Over the traffic mix every arm converts at (10 % + 2 %) / 2 = 6 %.
    List<Period> a =
        List.of(
            new Period(SampleStats.binomial(500, 50), 0.5),
            new Period(SampleStats.binomial(100, 2), 0.1));
    List<Period> b =
        List.of(
            new Period(SampleStats.binomial(500, 50), 0.5),
            new Period(SampleStats.binomial(900, 18), 0.9));
    assertEquals(0.06, BanditEstimator.estimate(a).mean(), 1e-12);
    assertEquals(0.06, BanditEstimator.estimate(b).mean(), 1e-12);
    // Pooled: A 52 / 600 = 8.67 %, B 68 / 1400 = 4.86 %: a "difference" made of the split alone.
    assertEquals(52.0 / 600, BanditEstimator.pooledMean(a), 1e-12);
    assertEquals(68.0 / 1400, BanditEstimator.pooledMean(b), 1e-12);
  }

  @Test
  void anArmWithoutUnitsYieldsAnErrorCodeNotAnException() {
    ArmEstimate e = BanditEstimator.estimate(List.of(new Period(SampleStats.EMPTY, 0.05)));
    assertEquals("no_units", e.error());
    assertTrue(Double.isNaN(e.mean()));
  }

  @Test
  void anEmptyPeriodCellContributesNothing() {
    ArmEstimate with =
        BanditEstimator.estimate(
            List.of(period(0.5, 1, 0, 1), new Period(SampleStats.EMPTY, 0.05)));
    ArmEstimate without = BanditEstimator.estimate(List.of(period(0.5, 1, 0, 1)));
    assertEquals(without.mean(), with.mean(), 0);
    assertEquals(without.standardError(), with.standardError(), 0);
  }
}
