package dev.moments.server.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.experiment.StatsSettings;
import dev.moments.server.stats.Correction;
import dev.moments.server.stats.CovariateMoments;
import dev.moments.server.stats.PlanDesign;
import dev.moments.server.stats.PowerCalculator;
import dev.moments.server.stats.SampleStats;
import dev.moments.server.stats.Spending;
import dev.moments.server.stats.TestMethod;
import dev.moments.server.stats.VarianceReduction;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 6: the plan assumes the variance reduction CUPED is expected to bring (the
 * control's adjusted R² once it has enough units), and keeps the group-sequential inflation factor.
 */
class CupedPlanTest {

  private static StatsSettings stats(VarianceReduction reduction, Double baseline) {
    return new StatsSettings(
        0.05,
        0.8,
        0.1,
        TestMethod.GROUP_SEQUENTIAL,
        Spending.OBRIEN_FLEMING,
        Correction.HOLM,
        baseline,
        null,
        reduction,
        14);
  }

  /**
   * n control units of a binomial metric whose pre-period conversion (x0, 30 % of units) moves the
   * rate from 5 % to 40 %, plus a covariate that never varies; r2 receives corr(x0, y)².
   */
  private static SampleStats control(int n, double[] r2) {
    Random random = new Random(7);
    CovariateMoments sums = CovariateMoments.empty(2);
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    long converted = 0;
    for (int i = 0; i < n; i++) {
      double x = random.nextDouble() < 0.3 ? 1 : 0;
      double y = random.nextDouble() < (x == 1 ? 0.4 : 0.05) ? 1 : 0;
      sums = sums.plus(CovariateMoments.ofUnit(y, x, 0));
      converted += (long) y;
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
    }
    double cov = sxy - sx * sy / n;
    r2[0] = cov * cov / ((sxx - sx * sx / n) * (syy - sy * sy / n));
    return SampleStats.binomial(n, converted).withCovariates(sums);
  }

  @Test
  void withEnoughControlUnitsThePlanShrinksByTheObservedAdjustedR2() {
    double[] r2 = new double[1];
    SampleStats control = control(2000, r2);
    Plan plain = Plan.of(Fixtures.spec(stats(VarianceReduction.NONE, null), primary()), control);
    Plan cuped = Plan.of(Fixtures.spec(stats(VarianceReduction.CUPED, null), primary()), control);
    double adjusted = 1 - (1 - r2[0]) * (2000 - 1) / (2000 - 2 - 1.0);
    assertTrue(adjusted > 0.2, "the covariate explains a good share: " + adjusted);
    assertEquals(0, plain.varianceReduction());
    assertEquals(adjusted, cuped.varianceReduction(), 1e-9);
    assertEquals(plain.unitsPerVariant() * (1 - adjusted), cuped.unitsPerVariant(), 1.0);
    double shown =
        ReportBuilder.build(
                ReportInput.of(
                    Fixtures.spec(stats(VarianceReduction.CUPED, null), primary()),
                    new Fixtures.Rows().units("control", 0, 10).units("bold", 0, 10).list(),
                    Fixtures.START))
            .getJsonObject("decision")
            .getDouble("plannedVarianceReduction");
    assertEquals(0, shown, "a report without sums assumes none");
  }

  @Test
  void tooFewUnitsOrAPlannedBaselineAssumeNoReduction() {
    double[] r2 = new double[1];
    Plan few =
        Plan.of(
            Fixtures.spec(stats(VarianceReduction.CUPED, null), primary()),
            control((int) Plan.REDUCTION_MIN_UNITS - 1, r2));
    assertEquals(0, few.varianceReduction());
    Plan planned =
        Plan.of(Fixtures.spec(stats(VarianceReduction.CUPED, 0.1), primary()), control(2000, r2));
    assertEquals(0, planned.varianceReduction());
  }

  @Test
  void theExpectedReductionShrinksTheSampleAndKeepsTheInflationFactor() {
    PowerCalculator.SampleSize fixed = PowerCalculator.binomial(0.1, 0.1, 0.05, 0.8);
    PlanDesign design =
        PlanDesign.of(
            TestMethod.GROUP_SEQUENTIAL, Spending.OBRIEN_FLEMING, Correction.HOLM, 0.05, 0.8, 2);
    assertTrue(design.inflationFactor() > 1.04);
    PowerCalculator.SampleSize reduced = design.plan(fixed, 0.3);
    assertEquals(
        fixed.exactUnitsPerVariant() * design.inflationFactor() * 0.7,
        reduced.exactUnitsPerVariant(),
        1e-6);
    PlanDesign fixedTest =
        PlanDesign.of(TestMethod.FIXED, Spending.OBRIEN_FLEMING, Correction.HOLM, 0.05, 0.8, 2);
    assertEquals(
        fixed.exactUnitsPerVariant() * 0.7,
        fixedTest.plan(fixed, 0.3).exactUnitsPerVariant(),
        1e-6);
  }

  private static MetricSpec primary() {
    return Fixtures.primary("signup");
  }
}
