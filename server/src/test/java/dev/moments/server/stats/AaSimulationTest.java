package dev.moments.server.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A small seeded run of the simulation (the documented full run uses 2,000 experiments). */
class AaSimulationTest {

  private static final int EXPERIMENTS = 300;
  private static final double ALPHA = 0.05;

  /**
   * One-sided 99 % binomial margin around alpha for 300 experiments: 2.326 * sqrt(0.05 * 0.95 /
   * 300) = 0.029.
   */
  private static final double MARGIN = 2.326 * Math.sqrt(ALPHA * (1 - ALPHA) / EXPERIMENTS);

  private static final AaSimulation.Result RESULT =
      AaSimulation.run(AaSimulation.Config.standard(EXPERIMENTS, 7L));

  @Test
  void sequentialTestKeepsFalsePositivesAtAlphaUnderDailyPeeking() {
    assertTrue(
        RESULT.sequentialFalsePositives().value() <= ALPHA + MARGIN,
        RESULT.sequentialFalsePositives().toString());
  }

  @Test
  void fixedHorizonTestReadDailyIsInflated() {
    assertTrue(
        RESULT.peekingFalsePositives().value() > ALPHA + MARGIN,
        RESULT.peekingFalsePositives().toString());
  }

  @Test
  void plannedSampleGivesRoughlyThePlannedPowerAndCoverage() {
    assertEquals(14751, RESULT.plannedPerVariant(), "reference.R line 32 rounded up");
    assertTrue(RESULT.fixedPower().value() > 0.8 - 0.1, RESULT.fixedPower().toString());
    assertTrue(RESULT.fixedCoverage().value() > 0.95 - 0.05, RESULT.fixedCoverage().toString());
  }

  @Test
  void sameSeedSameResult() {
    assertEquals(RESULT, AaSimulation.run(AaSimulation.Config.standard(EXPERIMENTS, 7L)));
  }

  @Test
  void binomialDrawsHaveTheRightMean() {
    SplittableRandom random = new SplittableRandom(1);
    long total = 0;
    for (int i = 0; i < 1000; i++) {
      total += AaSimulation.binomial(random, 1000, 0.1);
    }
    // mean 100 per draw, sd of the mean of 1000 draws = sqrt(90 / 1000) = 0.3: 5 sd band
    assertEquals(100.0, total / 1000.0, 1.5);
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
