package dev.moments.server.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Ratio metrics from per-arm sums against NumPy / SciPy on the unit-level data
 * (ratio_reference.py): every figure within 1e-6 relative.
 */
class RatioEstimatorTest {

  private static final double TOLERANCE = 1e-6;

  @TestFactory
  Stream<DynamicTest> matchesTheUnitLevelComputation() {
    return ReferenceFile.byCase("ratio_reference.py.out", f -> f[0].equals("sums") ? f[2] : f[0])
        .entrySet()
        .stream()
        .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> assertCase(e.getValue())));
  }

  private static void assertCase(Map<String, String[]> lines) {
    RatioMoments control = arm(lines.get("C"));
    RatioMoments treatment = arm(lines.get("T"));
    RatioEstimator.Result r = RatioEstimator.compare(control, treatment);
    assertNull(r.error());
    String[] f = lines.get("ratio");
    close(f[2], r.controlRatio(), "control ratio");
    close(f[3], Math.sqrt(control.ratioVariance()), "control se");
    close(f[4], r.treatmentRatio(), "treatment ratio");
    close(f[5], Math.sqrt(treatment.ratioVariance()), "treatment se");
    assertEstimate(f, 7, r.lift().relative(), "relative");
    assertEstimate(f, 13, r.lift().absolute(), "absolute");
    close(f[19], r.lift().relative().degreesOfFreedom(), "df");
  }

  private static void assertEstimate(String[] f, int at, Estimate e, String what) {
    close(f[at], e.estimate(), what);
    close(f[at + 1], e.standardError(), what + " se");
    Effect effect = e.effect(0.05);
    close(f[at + 2], effect.ci().low(), what + " ci low");
    close(f[at + 3], effect.ci().high(), what + " ci high");
    close(f[at + 4], effect.pValue(), what + " p");
  }

  /** "sums case arm day1 | day2", each day n Σa Σb Σa² Σb² Σab; the days are added up. */
  private static RatioMoments arm(String[] f) {
    return day(f, 3).plus(day(f, 10));
  }

  private static RatioMoments day(String[] f, int at) {
    return new RatioMoments(
        (long) Double.parseDouble(f[at]),
        Double.parseDouble(f[at + 1]),
        Double.parseDouble(f[at + 2]),
        Double.parseDouble(f[at + 3]),
        Double.parseDouble(f[at + 4]),
        Double.parseDouble(f[at + 5]));
  }

  private static void close(String expected, double actual, String what) {
    double e = Double.parseDouble(expected);
    Close.absolute(e, actual, TOLERANCE * Math.abs(e), what);
  }

  @Test
  void unitsAddUpToTheSums() {
    RatioMoments m = RatioMoments.ofUnit(30, 2).plus(RatioMoments.ofUnit(0, 0));
    assertEquals(new RatioMoments(2, 30, 2, 900, 4, 60), m);
    assertEquals(15, m.ratio());
  }

  @Test
  void degenerateInputGivesAnErrorCode() {
    RatioMoments two = RatioMoments.ofUnit(10, 1).plus(RatioMoments.ofUnit(20, 3));
    assertEquals(
        LiftResult.TOO_FEW_UNITS, RatioEstimator.compare(RatioMoments.ofUnit(1, 1), two).error());
    RatioMoments noOrders = RatioMoments.ofUnit(0, 0).plus(RatioMoments.ofUnit(0, 0));
    assertEquals(RatioEstimator.ZERO_DENOMINATOR, RatioEstimator.compare(noOrders, two).error());
    RatioMoments noRevenue = RatioMoments.ofUnit(0, 1).plus(RatioMoments.ofUnit(0, 2));
    assertEquals(LiftResult.ZERO_CONTROL_MEAN, RatioEstimator.compare(noRevenue, two).error());
    RatioMoments constant = RatioMoments.ofUnit(5, 1).plus(RatioMoments.ofUnit(10, 2));
    assertEquals(LiftResult.ZERO_VARIANCE, RatioEstimator.compare(constant, constant).error());
  }
}
