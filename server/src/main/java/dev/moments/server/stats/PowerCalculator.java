package dev.moments.server.stats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Units per variant needed to detect a RELATIVE minimum detectable effect with a two-sided test,
 * solved numerically exactly like R's {@code power.prop.test} / {@code power.t.test} (strict =
 * FALSE) and rounded up. Alpha is NOT split across variants (as in GrowthBook): with k variants the
 * plan is simply {@code unitsPerVariant * k}.
 */
public final class PowerCalculator {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);
  private static final double MIN_N = 2;
  private static final double MAX_N = 1e13;

  private PowerCalculator() {}

  /**
   * @param exactUnitsPerVariant the root before rounding (R prints this as n)
   */
  public record SampleSize(double exactUnitsPerVariant, long unitsPerVariant) {
    public long totalUnits(int variants) {
      return Math.multiplyExact(unitsPerVariant, (long) variants);
    }

    /**
     * Units in all arms together so that the arm with the smallest share of {@code weights} gets
     * {@link #unitsPerVariant}: with a 10/90 split, ten times the control's units. Equal weights
     * give {@link #totalUnits(int)}.
     *
     * @throws IllegalArgumentException when a weight is not positive or the total exceeds a long
     */
    public long totalUnits(double[] weights) {
      double total = 0;
      double smallest = Double.POSITIVE_INFINITY;
      for (double w : weights) {
        if (!(w > 0 && Double.isFinite(w))) {
          throw new IllegalArgumentException("weights must be positive, got " + w);
        }
        total += w;
        smallest = Math.min(smallest, w);
      }
      if (weights.length == 0) {
        throw new IllegalArgumentException("no weights");
      }
      // units x total / smallest is exact for integer weights; the nudge keeps a rounding residue
      // of non-integer ones (33.3 of 99.9) from adding a unit
      double units = (double) unitsPerVariant * total / smallest;
      double rounded = Math.ceil(units * (1 - 1e-12));
      if (!(rounded < Long.MAX_VALUE)) {
        throw new IllegalArgumentException("more than " + Long.MAX_VALUE + " units");
      }
      return (long) rounded;
    }
  }

  /**
   * The plan of a test that cannot be planned from a baseline yet (no control data and no planned
   * baseline): 5,000 units in all, GrowthBook's default tuning for the always-valid intervals.
   */
  public static final long DEFAULT_TOTAL_UNITS = 5000;

  /** Binomial metric: baseline rate p1, treatment rate p1 * (1 + relativeMde). */
  public static SampleSize binomial(
      double baseline, double relativeMde, double alpha, double power) {
    checkProbability("baseline", baseline);
    checkLevels(relativeMde, alpha, power);
    double p1 = baseline;
    double p2 = baseline * (1 + relativeMde);
    checkProbability("baseline * (1 + mde)", p2);
    double zAlpha = STANDARD_NORMAL.inverseCumulativeProbability(1 - alpha / 2);
    double pooled = Math.sqrt((p1 + p2) * (1 - (p1 + p2) / 2));
    double unpooled = Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
    double difference = Math.abs(p1 - p2);
    return solve(
        n ->
            STANDARD_NORMAL.cumulativeProbability(
                (Math.sqrt(n) * difference - zAlpha * pooled) / unpooled),
        power);
  }

  /**
   * Mean metric: detect a change of baselineMean * relativeMde given the per-unit standard
   * deviation.
   */
  public static SampleSize mean(
      double baselineMean, double stddev, double relativeMde, double alpha, double power) {
    if (!(stddev > 0 && Double.isFinite(stddev))) {
      throw new IllegalArgumentException("stddev must be positive, got " + stddev);
    }
    checkLevels(relativeMde, alpha, power);
    double delta = Math.abs(baselineMean * relativeMde);
    if (!(delta > 0 && Double.isFinite(delta))) {
      throw new IllegalArgumentException(
          "baseline mean * mde must be non-zero, got " + baselineMean + " * " + relativeMde);
    }
    return solve(
        n -> {
          double df = 2 * (n - 1);
          double critical = new TDistribution(null, df).inverseCumulativeProbability(1 - alpha / 2);
          return 1 - NoncentralT.cdf(critical, df, Math.sqrt(n / 2) * delta / stddev);
        },
        power);
  }

  /**
   * How much larger the maximum sample of a group-sequential design must be than the fixed test's
   * for the same alpha and power: rpact's {@code getDesignCharacteristics(...)$inflationFactor} for
   * {@code looks} equally spaced looks. The plan assumes equal spacing because the real looks (one
   * a day) are not known in advance; daily looks over a typical 2-8 week test are 14-56 looks,
   * where the O'Brien-Fleming factor is 1.04-1.05 and barely moves (Pocock's grows: 1.27 at 20).
   */
  public static double inflationFactor(Spending spending, int looks, double alpha, double power) {
    if (looks < 1) {
      throw new IllegalArgumentException("looks must be at least 1, got " + looks);
    }
    checkProbability("alpha", alpha);
    if (!(power > alpha && power < 1)) {
      throw new IllegalArgumentException("power must be in (alpha,1), got " + power);
    }
    if (looks == 1) {
      return 1;
    }
    double[] t = new double[looks];
    for (int k = 0; k < looks; k++) {
      t[k] = k + 1 == looks ? 1 : (k + 1.0) / looks;
    }
    return GroupSequentialDesign.characteristics(t, alpha, power, spending).inflationFactor();
  }

  /**
   * The looks a plan assumes when the real ones (one a day) are not known in advance: about a month
   * of daily looks. The O'Brien-Fleming factor barely depends on it (1.046 at 20 looks, 1.050 at
   * 30).
   */
  public static final int PLANNED_LOOKS = 30;

  private record DesignKey(Spending spending, double alpha, double power) {}

  private static final Map<DesignKey, Double> PLANNED_INFLATION = new ConcurrentHashMap<>();

  /**
   * {@link #inflationFactor} for {@link #PLANNED_LOOKS} looks, cached: a design's characteristics
   * take milliseconds and depend only on these three settings.
   */
  public static double plannedInflationFactor(Spending spending, double alpha, double power) {
    return PLANNED_INFLATION.computeIfAbsent(
        new DesignKey(spending, alpha, power),
        k -> inflationFactor(k.spending(), PLANNED_LOOKS, k.alpha(), k.power()));
  }

  /**
   * The planned (maximum) sample of a group-sequential test: the fixed test's sample times the
   * inflation factor, times 1 - the variance reduction expected from CUPED (regression adjustment
   * divides the variance, and so the sample needed, by that factor), rounded up.
   *
   * @param expectedVarianceReduction in [0, 1): e.g. {@link CupedEstimator#explainedVariance} over
   *     past units of the metric; 0 when the metric has no history
   */
  public static SampleSize sequentialPlan(
      SampleSize fixed, double inflationFactor, double expectedVarianceReduction) {
    if (!(inflationFactor >= 1 && Double.isFinite(inflationFactor))) {
      throw new IllegalArgumentException("inflation factor must be >= 1, got " + inflationFactor);
    }
    if (!(expectedVarianceReduction >= 0 && expectedVarianceReduction < 1)) {
      throw new IllegalArgumentException(
          "expected variance reduction must be in [0,1), got " + expectedVarianceReduction);
    }
    double exact = fixed.exactUnitsPerVariant() * inflationFactor * (1 - expectedVarianceReduction);
    return new SampleSize(exact, (long) Math.ceil(exact));
  }

  private static SampleSize solve(DoubleUnaryOperator powerAt, double target) {
    if (powerAt.applyAsDouble(MIN_N) >= target) {
      return new SampleSize(MIN_N, (long) MIN_N);
    }
    double upper = 1e7; // R's starting bracket, extended upwards like uniroot(extendInt = "upX")
    while (powerAt.applyAsDouble(upper) < target) {
      upper *= 10;
      if (upper > MAX_N) {
        throw new IllegalArgumentException(
            "effect too small: more than " + MAX_N + " units per variant");
      }
    }
    double root =
        new BrentSolver(1e-10, 1e-9)
            .solve(10_000, n -> powerAt.applyAsDouble(n) - target, MIN_N, upper);
    return new SampleSize(root, (long) Math.ceil(root));
  }

  private static void checkLevels(double relativeMde, double alpha, double power) {
    if (!(relativeMde != 0 && Double.isFinite(relativeMde) && relativeMde > -1)) {
      throw new IllegalArgumentException(
          "mde must be a non-zero relative change above -1, got " + relativeMde);
    }
    checkProbability("alpha", alpha);
    if (!(power > alpha && power < 1)) {
      throw new IllegalArgumentException("power must be in (alpha,1), got " + power);
    }
  }

  private static void checkProbability(String name, double value) {
    if (!(value > 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in (0,1), got " + value);
    }
  }
}
