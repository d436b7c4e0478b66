package dev.moments.server.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A small seeded run of the simulation (the documented full run uses 10,000 experiments per row).
 * Bounds are the targets widened by about 2.3 binomial standard errors of 400 experiments,
 * so they still fail when a method misses its target by a real margin.
 */
class AaSimulationTest {

  private static final int EXPERIMENTS = 400;
  private static final double ALPHA = 0.05;

  /**
   * One-sided 99 % margin around alpha for 400 experiments: 2.326 sqrt(0.05 0.95 / 400) = 0.025.
   */
  private static final double MARGIN = 2.326 * Math.sqrt(ALPHA * (1 - ALPHA) / EXPERIMENTS);

  private static final AaSimulation.Result RESULT =
      AaSimulation.run(AaSimulation.Config.standard(EXPERIMENTS, 7L));

  private static AaSimulation.Row row(String method) {
    return RESULT.row(method);
  }

  private static double margin(double p) {
    return 2.326 * Math.sqrt(p * (1 - p) / EXPERIMENTS);
  }

  @Test
  void alwaysValidAndGroupSequentialKeepFalsePositivesAtAlphaUnderDailyLooks() {
    for (String method :
        new String[] {
          AaSimulation.ALWAYS_VALID,
          AaSimulation.GROUP_SEQUENTIAL,
          AaSimulation.GROUP_SEQUENTIAL_CUPED
        }) {
      AaSimulation.Share aa = row(method).aaSignificant();
      assertTrue(aa.value() <= ALPHA + MARGIN, method + ": " + aa);
    }
  }

  @Test
  void fixedHorizonTestReadDailyIsInflated() {
    AaSimulation.Share peeking = row(AaSimulation.PEEKING).aaSignificant();
    assertTrue(peeking.value() > ALPHA + MARGIN, peeking.toString());
  }

  /** Issue targets: power >= 0.75 and <= 0.80 of the plan; with CUPED >= 0.90 and <= 0.65. */
  @Test
  void groupSequentialDecidesSoonerWithThePowerOfAFixedTest() {
    AaSimulation.Row gs = row(AaSimulation.GROUP_SEQUENTIAL);
    assertTrue(gs.power().value() >= 0.75 - margin(0.75), gs.toString());
    assertTrue(gs.unitsPerPlanned() <= 0.80, gs.toString());
    AaSimulation.Row cuped = row(AaSimulation.GROUP_SEQUENTIAL_CUPED);
    assertTrue(cuped.power().value() >= 0.90 - margin(0.90), cuped.toString());
    assertTrue(cuped.unitsPerPlanned() <= 0.65 + 0.02, cuped.toString());
    assertTrue(cuped.power().value() > gs.power().value(), "CUPED adds power");
    AaSimulation.Row always = row(AaSimulation.ALWAYS_VALID);
    assertTrue(gs.power().value() > always.power().value() + 0.2, "today's method loses power");
  }

  @Test
  void everyIntervalCoversTheTrueLift() {
    for (AaSimulation.Row r : RESULT.rows()) {
      if (!r.method().equals(AaSimulation.PEEKING)) {
        assertTrue(r.coverage().value() >= 0.94 - margin(0.94), r.toString());
      }
    }
  }

  @Test
  void threeComparisonsAtAlphaOverThreeHoldTheFamilyWiseRate() {
    assertTrue(RESULT.familyWise().value() <= ALPHA + MARGIN, RESULT.familyWise().toString());
    assertTrue(
        RESULT.familyWiseCuped().value() <= ALPHA + MARGIN, RESULT.familyWiseCuped().toString());
  }

  /** The boundaries alone: 40,000 Brownian paths through the same 30 looks cross at rate alpha. */
  @Test
  void brownianPathsThroughTheLooksCrossAtAlpha() {
    AaSimulation.Share b = RESULT.brownian();
    assertEquals(100L * EXPERIMENTS, b.n());
    assertTrue(b.low() <= ALPHA && ALPHA <= b.high(), b.toString());
  }

  @Test
  void plannedSamplesAreRsAndRpacts() {
    assertEquals(14751, RESULT.fixedPerArm(), "reference.R line 32 rounded up");
    Close.relative(1.04958, RESULT.inflationFactor(), 1e-4, "inflation for 30 OBF looks");
    assertEquals(
        (long) Math.ceil(14750.790469 * RESULT.inflationFactor()),
        row(AaSimulation.GROUP_SEQUENTIAL).plannedPerArm());
  }

  @Test
  void sameSeedSameResult() {
    AaSimulation.Config small = AaSimulation.Config.standard(20, 3L);
    assertEquals(AaSimulation.run(small), AaSimulation.run(small));
  }

  @Test
  void binomialDrawsHaveTheRightMean() {
    SplittableRandom random = new SplittableRandom(1);
    long total = 0;
    for (int i = 0; i < 1000; i++) {
      total += SimulatedTraffic.binomial(random, 1000, 0.1);
    }
    // mean 100 per draw, sd of the mean of 1000 draws = sqrt(90 / 1000) = 0.3: 5 sd band
    assertEquals(100.0, total / 1000.0, 1.5);
  }

  /** The covariate model: overall rate 0.1 and a covariate explaining 30 % of the variance. */
  @Test
  void covariateModelExplainsTheRequestedShare() {
    SimulatedTraffic.CovariateModel m =
        SimulatedTraffic.CovariateModel.forExplainedVariance(0.1, 0.3);
    double rate = m.share() * m.rateWith() + (1 - m.share()) * m.rateWithout();
    assertEquals(0.1, rate, 1e-15);
    CovariateMoments units = m.day(new SplittableRandom(5), 400_000);
    Close.absolute(0.3, CupedEstimator.explainedVariance(units), 0.01, "R² of 400,000 units");
  }

  /**
   * R prop.test(32, 2000, correct = FALSE)$conf.int, reference.R line 60 (wilson-1); 1e-9 relative.
   */
  @Test
  void wilsonIntervalMatchesR() {
    AaSimulation.Share share = new AaSimulation.Share(32, 2000);
    Close.relative(0.0113562353501, share.low(), 1e-9, "low");
    Close.relative(0.0224994664182, share.high(), 1e-9, "high");
  }
}
