package dev.moments.server.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * R chisq.test(x, p = w / sum(w)), reference.R lines 44-50 (tags srm-1..7); tolerance 1e-6
 * relative.
 */
class SampleRatioTest {

  private static void assertSrm(long[] units, double[] weights, double expected) {
    Close.relative(expected, SampleRatio.pValue(units, weights).orElseThrow(), 1e-6, "srm p");
  }

  @Test
  void matchesRChiSquareTests() {
    assertSrm(new long[] {1000, 1200}, new double[] {50, 50}, 2.00786561243e-05);
    assertSrm(new long[] {135, 115}, new double[] {50, 50}, 0.205903210732);
    assertSrm(new long[] {310, 98}, new double[] {75, 25}, 0.647434185702);
    assertSrm(new long[] {0, 10, 10}, new double[] {34, 33, 33}, 0.00579062440342);
    assertSrm(new long[] {500, 500, 600}, new double[] {34, 33, 33}, 0.000592637931527);
    assertSrm(new long[] {50400, 49600}, new double[] {50, 50}, 0.011412036386);
    assertSrm(new long[] {10100, 9950, 10020, 9930}, new double[] {1, 1, 1, 1}, 0.619296800969);
  }

  @Test
  void mismatchBelowOnePerMille() {
    assertTrue(
        SampleRatio.mismatch(
            SampleRatio.pValue(new long[] {1000, 1200}, new double[] {1, 1}).orElseThrow()));
    assertFalse(
        SampleRatio.mismatch(
            SampleRatio.pValue(new long[] {135, 115}, new double[] {1, 1}).orElseThrow()));
  }

  @Test
  void nothingToTestWithoutUnits() {
    assertEquals(
        OptionalDouble.empty(), SampleRatio.pValue(new long[] {0, 0}, new double[] {50, 50}));
    assertEquals(OptionalDouble.empty(), SampleRatio.pValue(new long[] {10}, new double[] {100}));
  }

  @Test
  void unitsInAZeroWeightVariantAreAMismatch() {
    assertEquals(
        0.0, SampleRatio.pValue(new long[] {10, 10, 3}, new double[] {50, 50, 0}).orElseThrow());
    Close.relative(
        0.205903210732,
        SampleRatio.pValue(new long[] {135, 115, 0}, new double[] {50, 50, 0}).orElseThrow(),
        1e-6,
        "p");
  }

  @Test
  void rejectsMismatchedLengths() {
    assertThrows(
        IllegalArgumentException.class,
        () -> SampleRatio.pValue(new long[] {1, 2}, new double[] {1}));
  }
}
