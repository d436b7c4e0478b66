package dev.moments.server.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Probabilities of being best against exact integrals from bandit_reference.py (lines "best"): the
 * Monte Carlo estimate with {@value ThompsonAllocation#DEFAULT_DRAWS} draws has a standard error of
 * at most 0.005, so 0.02 (4 standard errors) is the tolerance.
 */
class ThompsonAllocationTest {

  private static final double MONTE_CARLO = 0.02;
  private static final Map<String, double[]> BEST =
      ReferenceFile.lines("bandit_reference.py.out").stream()
          .filter(f -> f[0].equals("best"))
          .collect(java.util.stream.Collectors.toMap(f -> f[1], f -> ReferenceFile.numbers(f[2])));

  private static final List<SampleStats> CREATIVES =
      List.of(
          SampleStats.binomial(1000, 23),
          SampleStats.binomial(1000, 26),
          SampleStats.binomial(1000, 29));

  @Test
  void betaPosteriorsHigherIsBetter() {
    ThompsonAllocation a =
        ThompsonAllocation.allocate(
            CREATIVES, MetricType.BINOMIAL, false, 0, ThompsonAllocation.DEFAULT_DRAWS, 1);
    assertClose(BEST.get("beta-23-26-29-higher"), a.probabilityBest());
    assertNull(a.error());
  }

  @Test
  void betaPosteriorsLowerIsBetterFavourTheLowestRate() {
    ThompsonAllocation a =
        ThompsonAllocation.allocate(
            CREATIVES, MetricType.BINOMIAL, true, 0, ThompsonAllocation.DEFAULT_DRAWS, 2);
    assertClose(BEST.get("beta-23-26-29-lower"), a.probabilityBest());
  }

  @Test
  void twoArms() {
    ThompsonAllocation a =
        ThompsonAllocation.allocate(
            List.of(SampleStats.binomial(200, 10), SampleStats.binomial(200, 18)),
            MetricType.BINOMIAL,
            false,
            0,
            ThompsonAllocation.DEFAULT_DRAWS,
            3);
    assertClose(BEST.get("beta-10-18-of-200-higher"), a.probabilityBest());
  }

  @Test
  void normalPosteriorsInBothDirections() {
    List<ArmPosterior> arms =
        List.of(
            new ArmPosterior.Normal(10, 0.3),
            new ArmPosterior.Normal(10.5, 0.4),
            new ArmPosterior.Normal(9.8, 0.2));
    assertClose(
        BEST.get("normal-10-10.5-9.8-higher"),
        ThompsonAllocation.probabilityBest(arms, false, ThompsonAllocation.DEFAULT_DRAWS, 4));
    assertClose(
        BEST.get("normal-10-10.5-9.8-lower"),
        ThompsonAllocation.probabilityBest(arms, true, ThompsonAllocation.DEFAULT_DRAWS, 5));
  }

  @Test
  void meanMetricUsesTheSampleMeanAndItsStandardError() {
    // Units with totals 1, 2, 3 (mean 2, sd 1, se 1/sqrt 3) against 4, 5, 6 (mean 5): the second
    // arm is best unless lower is better, 3 standard errors apart: P = Phi(3 / sqrt(2/3)) > 0.999.
    List<SampleStats> arms = List.of(new SampleStats(3, 6, 14), new SampleStats(3, 15, 77));
    double[] higher =
        ThompsonAllocation.allocate(arms, MetricType.MEAN, false, 0, 10_000, 6).probabilityBest();
    double[] lower =
        ThompsonAllocation.allocate(arms, MetricType.MEAN, true, 0, 10_000, 6).probabilityBest();
    Close.absolute(1 - Gaussian.cdf(-3 / Math.sqrt(2.0 / 3)), higher[1], MONTE_CARLO, "higher");
    Close.absolute(1 - Gaussian.cdf(-3 / Math.sqrt(2.0 / 3)), lower[0], MONTE_CARLO, "lower");
  }

  @Test
  void theSameSeedGivesTheSameWeightsOnEveryServer() {
    double[] first =
        ThompsonAllocation.allocate(CREATIVES, MetricType.BINOMIAL, false, 0.05, 2000, 42)
            .weights();
    double[] again =
        ThompsonAllocation.allocate(CREATIVES, MetricType.BINOMIAL, false, 0.05, 2000, 42)
            .weights();
    assertArrayEquals(first, again);
  }

  @Test
  void floorKeepsEveryArmAtMinShareAndTheSumAtOne() {
    // Hand computation: arms 1 and 2 under 5 % get it, arm 3 the remaining 90 %.
    double[] weights = ThompsonAllocation.floor(new double[] {0, 0.01, 0.99}, 0.05);
    assertArrayEquals(new double[] {0.05, 0.05, 0.9}, weights, 1e-12);
    // Arm 1 floored; 0.95 shared 0.3 : 0.68 = 0.290816..., 0.659183...
    weights = ThompsonAllocation.floor(new double[] {0.02, 0.3, 0.68}, 0.05);
    assertArrayEquals(new double[] {0.05, 0.95 * 0.3 / 0.98, 0.95 * 0.68 / 0.98}, weights, 1e-12);
    assertEquals(1, Arrays.stream(weights).sum(), 1e-12);
    // Renormalising pushes a second arm under the floor (0.1): 0.05 floored, then arm 2's
    // 0.9 * 0.101 / 0.95 = 0.0957 is under it too: 0.1, 0.1, 0.8.
    assertArrayEquals(
        new double[] {0.1, 0.1, 0.8},
        ThompsonAllocation.floor(new double[] {0.05, 0.101, 0.849}, 0.1),
        1e-12);
    assertArrayEquals(
        new double[] {0.25, 0.25, 0.25, 0.25},
        ThompsonAllocation.floor(new double[] {1, 0, 0, 0}, 0.25),
        1e-12);
  }

  @Test
  void aMeanArmWithoutAVarianceLeavesTheWeightsEqualWithAnErrorCode() {
    ThompsonAllocation a =
        ThompsonAllocation.allocate(
            List.of(new SampleStats(1, 5, 25), new SampleStats(10, 50, 300)),
            MetricType.MEAN,
            false,
            0.1,
            1000,
            7);
    assertEquals("too_few_units", a.error());
    assertArrayEquals(new double[] {0.5, 0.5}, a.weights(), 0);
  }

  /**
   * A value near 1e308 (stored before the 1e12 cap, or by hand) makes an arm's sums infinite: its
   * draws were NaN, so it lost every draw and was held at the floor as if surely worst, and with
   * every arm so the draw loop found no winner and threw.
   */
  @Test
  void aMeanArmWithANonFiniteSumLeavesTheWeightsEqualWithAnErrorCode() {
    SampleStats poisoned = new SampleStats(10, 1e308 * 10, Double.POSITIVE_INFINITY);
    ThompsonAllocation one =
        ThompsonAllocation.allocate(
            List.of(poisoned, new SampleStats(10, 50, 300)), MetricType.MEAN, false, 0.1, 1000, 7);
    assertEquals(LiftResult.NON_FINITE_SUM, one.error());
    assertArrayEquals(new double[] {0.5, 0.5}, one.weights(), 0);
    ThompsonAllocation every =
        ThompsonAllocation.allocate(
            List.of(poisoned, poisoned), MetricType.MEAN, true, 0.1, 1000, 8);
    assertEquals(LiftResult.NON_FINITE_SUM, every.error());
    assertArrayEquals(new double[] {0.5, 0.5}, every.weights(), 0);
  }

  @Test
  void aFloorTheArmsCannotShareIsRefusedNamingTheValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ThompsonAllocation.floor(new double[] {0.5, 0.3, 0.2}, 0.4));
    assertEquals("minShare must be in [0, 1/arms] for 3 arms: 0.4", e.getMessage());
  }

  private static void assertClose(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      Close.absolute(expected[i], actual[i], MONTE_CARLO, "arm " + i);
    }
  }
}
