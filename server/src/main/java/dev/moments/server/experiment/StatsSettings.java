package dev.moments.server.experiment;

import dev.moments.server.stats.Correction;
import dev.moments.server.stats.Spending;
import dev.moments.server.stats.TestMethod;
import dev.moments.server.stats.VarianceReduction;
import java.util.Objects;

/**
 * How an experiment is tested: significance level, power, the smallest lift worth detecting, the
 * test method (group-sequential, always-valid or fixed) with its alpha spending, the
 * multiple-comparison correction, and optionally the baseline it was planned with.
 *
 * @param mde relative minimum detectable effect (0.25 means +25 %)
 * @param spending the group-sequential design's alpha spending (kept, but unused, for the other
 *     methods)
 * @param plannedBaseline the primary metric's expected control rate (binomial) or mean, fixed when
 *     the experiment was planned; null to plan from the observed control. A fixed plan keeps the
 *     planned sample (N* of the always-valid intervals, the information fractions of the
 *     group-sequential looks) constant over the looks, as the methods assume.
 * @param plannedStddev for a mean primary metric with a planned baseline: the expected per-unit
 *     stddev
 * @param varianceReduction CUPED with context or none; the fold sums the covariates by it
 * @param lookbackDays the days before a unit's first exposure whose metric total is its pre-period
 *     covariate (1..90)
 */
public record StatsSettings(
    double alpha,
    double power,
    double mde,
    TestMethod method,
    Spending spending,
    Correction correction,
    Double plannedBaseline,
    Double plannedStddev,
    VarianceReduction varianceReduction,
    int lookbackDays) {

  /** The default and the bounds of {@code stats.lookbackDays}. */
  public static final int DEFAULT_LOOKBACK_DAYS = 14;

  public static final int MAX_LOOKBACK_DAYS = 90;

  /** What an experiment that names no settings is tested with. */
  public static final StatsSettings DEFAULT =
      new StatsSettings(
          0.05,
          0.8,
          0.1,
          TestMethod.GROUP_SEQUENTIAL,
          Spending.OBRIEN_FLEMING,
          Correction.HOLM,
          null,
          null,
          VarianceReduction.CUPED,
          DEFAULT_LOOKBACK_DAYS);

  /** Without variance reduction (as experiments stored before {@code varianceReduction}). */
  public StatsSettings(
      double alpha,
      double power,
      double mde,
      TestMethod method,
      Spending spending,
      Correction correction,
      Double plannedBaseline,
      Double plannedStddev) {
    this(
        alpha,
        power,
        mde,
        method,
        spending,
        correction,
        plannedBaseline,
        plannedStddev,
        VarianceReduction.NONE,
        DEFAULT_LOOKBACK_DAYS);
  }

  /** The settings as experiments stored before {@code stats.method} named them. */
  public StatsSettings(
      double alpha, double power, double mde, boolean sequential, Correction correction) {
    this(alpha, power, mde, sequential, correction, null, null);
  }

  /** As above, with a planned baseline. */
  public StatsSettings(
      double alpha,
      double power,
      double mde,
      boolean sequential,
      Correction correction,
      Double plannedBaseline,
      Double plannedStddev) {
    this(
        alpha,
        power,
        mde,
        TestMethod.ofSequential(sequential),
        Spending.OBRIEN_FLEMING,
        correction,
        plannedBaseline,
        plannedStddev);
  }

  public StatsSettings {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0,1), got " + alpha);
    }
    if (!(power > 0 && power < 1)) {
      throw new IllegalArgumentException("power must be in (0,1), got " + power);
    }
    if (!(mde != 0 && Double.isFinite(mde) && mde > -1)) {
      throw new IllegalArgumentException(
          "mde must be a non-zero relative change above -1, got " + mde);
    }
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(spending, "spending");
    Objects.requireNonNull(correction, "correction");
    Objects.requireNonNull(varianceReduction, "varianceReduction");
    if (lookbackDays < 1 || lookbackDays > MAX_LOOKBACK_DAYS) {
      throw new IllegalArgumentException(
          "lookbackDays must be in 1.." + MAX_LOOKBACK_DAYS + ", got " + lookbackDays);
    }
  }

  /** Whether comparisons are adjusted by CUPED. */
  public boolean cuped() {
    return varianceReduction == VarianceReduction.CUPED;
  }

  /** Whether the numbers may be read before the planned sample (every method but fixed). */
  public boolean sequential() {
    return method.sequential();
  }

  /**
   * A change to some of the settings, as {@code PATCH} sends it: a null field keeps the current
   * value.
   */
  public record Patch(
      Double alpha,
      Double power,
      Double mde,
      TestMethod method,
      Spending spending,
      Correction correction,
      Double plannedBaseline,
      Double plannedStddev,
      VarianceReduction varianceReduction,
      Integer lookbackDays) {

    /** A change that leaves variance reduction as it is. */
    public Patch(
        Double alpha,
        Double power,
        Double mde,
        TestMethod method,
        Spending spending,
        Correction correction,
        Double plannedBaseline,
        Double plannedStddev) {
      this(
          alpha,
          power,
          mde,
          method,
          spending,
          correction,
          plannedBaseline,
          plannedStddev,
          null,
          null);
    }

    public StatsSettings applyTo(StatsSettings s) {
      return new StatsSettings(
          alpha != null ? alpha : s.alpha(),
          power != null ? power : s.power(),
          mde != null ? mde : s.mde(),
          method != null ? method : s.method(),
          spending != null ? spending : s.spending(),
          correction != null ? correction : s.correction(),
          plannedBaseline != null ? plannedBaseline : s.plannedBaseline(),
          plannedStddev != null ? plannedStddev : s.plannedStddev(),
          varianceReduction != null ? varianceReduction : s.varianceReduction(),
          lookbackDays != null ? lookbackDays : s.lookbackDays());
    }
  }
}
