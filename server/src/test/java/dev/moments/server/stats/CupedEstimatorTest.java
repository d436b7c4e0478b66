package dev.moments.server.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * CUPED from per-arm sums against R's {@code lm()} on the same unit-level data (cuped_reference.R):
 * every figure within 1e-6 relative (1e-12 absolute for zeros).
 */
class CupedEstimatorTest {

  private static final double TOLERANCE = 1e-6;

  @TestFactory
  Stream<DynamicTest> matchesLmOnTheUnits() {
    return ReferenceFile.byCase(
            "cuped_reference.R.out", f -> f[0].equals("sums") ? "sums-" + f[2] : f[0])
        .entrySet()
        .stream()
        .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> assertCase(e.getValue())));
  }

  private static void assertCase(Map<String, String[]> lines) {
    CupedResult r = CupedEstimator.compare(arm(lines.get("sums-A")), arm(lines.get("sums-B")));
    assertNull(r.error());
    String[] lm = lines.get("lm");
    close(Double.parseDouble(lm[3]), r.adjusted().absolute().estimate(), "lm arm coefficient");
    List<Integer> na =
        lm[5].equals("-")
            ? List.of()
            : Arrays.stream(lm[5].split(",")).map(Integer::valueOf).toList();
    assertEquals(na, r.droppedCovariates(), "covariates lm reports as NA");
    double[] beta = ReferenceFile.numbers(lm[7]);
    for (int j = 0; j < beta.length; j++) {
      close(beta[j], r.beta().get(j), "beta " + j);
    }
    assertLift(lines.get("adjusted"), r.adjusted());
    assertLift(lines.get("unadjusted"), r.unadjusted());
    close(
        Double.parseDouble(lines.get("reduction")[2]), r.varianceReduction(), "variance reduction");
  }

  /** "sums tag A day1 | day2": each day n Σy Σy² Σx Σxxᵀ Σxy, added up as a rollup would. */
  private static CovariateMoments arm(String[] f) {
    CovariateMoments first = day(f, 3);
    return first.plus(day(f, 10));
  }

  private static CovariateMoments day(String[] f, int at) {
    return CovariateMoments.of(
        Long.parseLong(f[at]),
        Double.parseDouble(f[at + 1]),
        Double.parseDouble(f[at + 2]),
        ReferenceFile.numbers(f[at + 3]),
        ReferenceFile.numbers(f[at + 4]),
        ReferenceFile.numbers(f[at + 5]));
  }

  private static void assertLift(String[] f, LiftEstimate lift) {
    assertEffect(f, 3, lift.relative(), "relative");
    assertEffect(f, 9, lift.absolute(), "absolute");
    close(Double.parseDouble(f[15]), lift.absolute().degreesOfFreedom(), f[0] + " df");
  }

  private static void assertEffect(String[] f, int at, Estimate e, String scale) {
    String what = f[0] + " " + scale;
    close(Double.parseDouble(f[at]), e.estimate(), what + " estimate");
    close(Double.parseDouble(f[at + 1]), e.standardError(), what + " se");
    Effect effect = e.effect(0.05);
    close(Double.parseDouble(f[at + 2]), effect.ci().low(), what + " ci low");
    close(Double.parseDouble(f[at + 3]), effect.ci().high(), what + " ci high");
    close(Double.parseDouble(f[at + 4]), effect.pValue(), what + " p");
  }

  private static void close(double expected, double actual, String what) {
    Close.absolute(expected, actual, TOLERANCE * Math.abs(expected) + 1e-12, what);
  }

  @Test
  void sumsOfUnitsMergeInAnyOrder() {
    CovariateMoments a = CovariateMoments.ofUnit(1, 2, 0).plus(CovariateMoments.ofUnit(0, 5, 1));
    CovariateMoments b = CovariateMoments.ofUnit(0, 5, 1).plus(CovariateMoments.ofUnit(1, 2, 0));
    assertEquals(a, b);
    assertEquals(29, a.sumXX(0, 0));
    assertEquals(5, a.sumXX(0, 1));
    assertEquals(5, a.sumXX(1, 0));
    assertEquals(2, a.sumXY(0));
  }

  @Test
  void degenerateInputGivesAnErrorCodeNotAnException() {
    CovariateMoments one = CovariateMoments.ofUnit(1, 0.5);
    CovariateMoments two = one.plus(CovariateMoments.ofUnit(0, 1.5));
    assertEquals(LiftResult.TOO_FEW_UNITS, CupedEstimator.compare(one, two).error());
    CovariateMoments zeros = CovariateMoments.ofUnit(0, 1).plus(CovariateMoments.ofUnit(0, 2));
    assertEquals(LiftResult.ZERO_CONTROL_MEAN, CupedEstimator.compare(zeros, two).error());
    CovariateMoments ones = CovariateMoments.ofUnit(1, 1).plus(CovariateMoments.ofUnit(1, 2));
    assertEquals(LiftResult.ZERO_VARIANCE, CupedEstimator.compare(ones, ones).error());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            CupedEstimator.compare(
                two, CovariateMoments.ofUnit(1, 1, 2).plus(CovariateMoments.ofUnit(0, 1, 2))));
  }

  /** y = 2 x exactly: the adjustment explains everything, which is no basis for an interval. */
  @Test
  void perfectPredictionIsReportedAsZeroVariance() {
    CovariateMoments a = CovariateMoments.empty(1);
    CovariateMoments b = CovariateMoments.empty(1);
    for (int i = 1; i <= 5; i++) {
      a = a.plus(CovariateMoments.ofUnit(2 * i, i));
      b = b.plus(CovariateMoments.ofUnit(2 * i + 1, i));
    }
    assertEquals(LiftResult.ZERO_VARIANCE, CupedEstimator.compare(a, b).error());
  }

  /** No covariates, or too few units to fit them: adjusted equals unadjusted, nothing gained. */
  @Test
  void withoutUsableCovariatesTheAdjustedFiguresAreTheUnadjusted() {
    CovariateMoments a = CovariateMoments.empty(3);
    CovariateMoments b = CovariateMoments.empty(3);
    double[][] units = {{1, 0.2, 1, 0}, {0, 0.4, 0, 1}};
    for (double[] u : units) {
      a = a.plus(CovariateMoments.ofUnit(u[0], u[1], u[2], u[3]));
      b = b.plus(CovariateMoments.ofUnit(1 - u[0] * 0.5, u[1], u[2], u[3]));
    }
    CupedResult r = CupedEstimator.compare(a, b);
    assertNull(r.error());
    assertEquals(r.unadjusted(), r.adjusted());
    assertEquals(0, r.covariatesUsed());
    assertEquals(List.of(0, 1, 2), r.droppedCovariates());
    assertEquals(0, r.varianceReduction(), 1e-15);
  }

  /** Sums with mismatched lengths are a caller's bug and say what was expected. */
  @Test
  void rejectsMalformedSums() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CovariateMoments.of(3, 1, 1, new double[2], new double[2], new double[2]));
    assertEquals(
        "for 2 covariates Σxy needs 2 and packed Σxxᵀ 3 values, got 2 and 2", e.getMessage());
  }

  /** R² of the covariates in one group: y = x + noise with Var(x) = Var(noise) explains half. */
  @Test
  void explainedVarianceOfHistoryIsTheRSquared() {
    CovariateMoments m = CovariateMoments.empty(1);
    double[] x = {1, -1, 1, -1};
    double[] noise = {1, 1, -1, -1};
    for (int i = 0; i < 4; i++) {
      m = m.plus(CovariateMoments.ofUnit(x[i] + noise[i], x[i]));
    }
    assertEquals(0.5, CupedEstimator.explainedVariance(m), 1e-12);
    assertEquals(0, CupedEstimator.explainedVariance(CovariateMoments.ofUnit(1, 2)), 0);
  }
}
