package dev.moments.server.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A treatment's relative lift over the control from two {@link BanditEstimator} arm estimates (the
 * means of a changing split, each weighted by its periods' allocation): a two-sided z-test of the
 * difference and the delta-method interval of the ratio treatment / control - 1, at one look. The
 * two estimates are independent (disjoint units).
 *
 * <pre>
 *   relative = t / c - 1
 *   se(relative)^2 = se_t^2 / c^2 + t^2 se_c^2 / c^4
 *   z = (t - c) / sqrt(se_t^2 + se_c^2)
 * </pre>
 *
 * @param relative the relative lift; NaN with an error
 * @param low the lower end of the (1 - alpha) interval of the relative lift
 * @param high its upper end
 * @param pValue of the difference (two-sided)
 * @param error null, or "no_units" (an arm has no units) or "zero_control" (the control's mean is
 *     0, no relative lift)
 */
public record WeightedLift(double relative, double low, double high, double pValue, String error) {

  private static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1);

  public static WeightedLift of(
      BanditEstimator.ArmEstimate control, BanditEstimator.ArmEstimate treatment, double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
    }
    if (control.error() != null || treatment.error() != null) {
      return failed("no_units");
    }
    double c = control.mean();
    double t = treatment.mean();
    if (c == 0) {
      return failed("zero_control");
    }
    double seC = control.standardError();
    double seT = treatment.standardError();
    double relative = t / c - 1;
    double seRelative = Math.sqrt(seT * seT / (c * c) + t * t * seC * seC / (c * c * c * c));
    double z = STANDARD.inverseCumulativeProbability(1 - alpha / 2);
    double seDifference = Math.sqrt(seT * seT + seC * seC);
    double pValue =
        seDifference > 0
            ? 2 * STANDARD.cumulativeProbability(-Math.abs(t - c) / seDifference)
            : t == c ? 1 : 0;
    return new WeightedLift(
        relative, relative - z * seRelative, relative + z * seRelative, pValue, null);
  }

  private static WeightedLift failed(String error) {
    return new WeightedLift(Double.NaN, Double.NaN, Double.NaN, Double.NaN, error);
  }

  public boolean ok() {
    return error == null;
  }
}
