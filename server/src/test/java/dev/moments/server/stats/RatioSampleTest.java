package dev.moments.server.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The report analyses a ratio metric as a mean metric's sample ({@link RatioMoments#asSample()}):
 * the lift and interval it gives must be {@link RatioEstimator}'s delta-method ones, whose own
 * figures are checked against NumPy in {@link RatioEstimatorTest}.
 */
class RatioSampleTest {

  @Test
  void aRatioAsAMeanSampleGivesTheDeltaMethodComparison() {
    Random random = new Random(7);
    RatioMoments control = arm(random, 500, 20);
    RatioMoments treatment = arm(random, 450, 24);
    RatioEstimator.Result direct = RatioEstimator.compare(control, treatment);
    TestSettings fixed = TestSettings.fixedHorizon(0.05);
    LiftResult viaSample =
        LiftCalculator.compare(control.asSample(), treatment.asSample(), MetricType.RATIO, fixed);
    assertTrue(direct.ok() && viaSample.ok());
    assertEquals(control.ratio(), control.asSample().mean(), 1e-12);
    LiftEstimate lift = direct.lift();
    assertEquals(lift.relative().estimate(), viaSample.relative().estimate(), 1e-12);
    double t =
        new org.apache.commons.math3.distribution.TDistribution(lift.relative().degreesOfFreedom())
            .inverseCumulativeProbability(0.975);
    Effect relative = viaSample.relative();
    Effect absolute = viaSample.absolute();
    double relativeHalf = t * lift.relative().standardError();
    double absoluteHalf = t * lift.absolute().standardError();
    assertEquals(relativeHalf, relative.ci().high() - relative.estimate(), 1e-9 * relativeHalf);
    assertEquals(absoluteHalf, absolute.ci().high() - absolute.estimate(), 1e-9 * absoluteHalf);
  }

  @Test
  void noDenominatorIsNoComparison() {
    RatioMoments none = new RatioMoments(10, 5, 0, 5, 0, 0);
    RatioMoments some = new RatioMoments(10, 5, 3, 5, 3, 2);
    assertTrue(
        !LiftCalculator.compare(
                none.asSample(), some.asSample(), MetricType.RATIO, TestSettings.fixedHorizon(0.05))
            .ok());
  }

  private static RatioMoments arm(Random random, int n, double scale) {
    RatioMoments m = RatioMoments.EMPTY;
    for (int i = 0; i < n; i++) {
      int orders = random.nextInt(3);
      double revenue = 0;
      for (int k = 0; k < orders; k++) {
        revenue += scale * (0.5 + random.nextDouble());
      }
      m = m.plus(RatioMoments.ofUnit(revenue, orders));
    }
    return m;
  }
}
