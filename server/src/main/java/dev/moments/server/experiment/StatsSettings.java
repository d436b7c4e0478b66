package dev.moments.server.experiment;

import dev.moments.server.stats.Correction;
import java.util.Objects;

/**
 * How an experiment is tested: significance level, power, the smallest lift worth detecting,
 * sequential or fixed-horizon testing, the multiple-comparison correction, and optionally the
 * baseline it was planned with.
 *
 * @param mde relative minimum detectable effect (0.25 means +25 %)
 * @param plannedBaseline the primary metric's expected control rate (binomial) or mean, fixed when
 *     the experiment was planned; null to plan from the observed control. A fixed plan keeps N* of
 *     the always-valid intervals constant over the looks, as the method assumes.
 * @param plannedStddev for a mean primary metric with a planned baseline: the expected per-unit
 *     stddev
 */
public record StatsSettings(
    double alpha,
    double power,
    double mde,
    boolean sequential,
    Correction correction,
    Double plannedBaseline,
    Double plannedStddev) {

  /** What an experiment that names no settings is tested with. */
  public static final StatsSettings DEFAULT =
      new StatsSettings(0.05, 0.8, 0.1, true, Correction.HOLM);

  public StatsSettings(
      double alpha, double power, double mde, boolean sequential, Correction correction) {
    this(alpha, power, mde, sequential, correction, null, null);
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
    Objects.requireNonNull(correction, "correction");
  }

  /**
   * A change to some of the settings, as {@code PATCH} sends it: a null field keeps the current
   * value.
   */
  public record Patch(
      Double alpha,
      Double power,
      Double mde,
      Boolean sequential,
      Correction correction,
      Double plannedBaseline,
      Double plannedStddev) {

    public StatsSettings applyTo(StatsSettings s) {
      return new StatsSettings(
          alpha != null ? alpha : s.alpha(),
          power != null ? power : s.power(),
          mde != null ? mde : s.mde(),
          sequential != null ? sequential : s.sequential(),
          correction != null ? correction : s.correction(),
          plannedBaseline != null ? plannedBaseline : s.plannedBaseline(),
          plannedStddev != null ? plannedStddev : s.plannedStddev());
    }
  }
}
