package dev.moments.server.report;

import dev.moments.server.stats.Correction;
import java.util.Objects;

/**
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
}
