package dev.moments.server.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * Lower-tail CDF of the noncentral t distribution (commons-math has none), following the series of
 * Lenth (1989, AS 243) the way R's {@code pnt} evaluates it, so that {@link PowerCalculator}
 * matches R's {@code power.t.test}.
 */
final class NoncentralT {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);
  private static final int MAX_ITERATIONS = 1000;
  private static final double ERROR_MAX = 1e-12;

  /** R switches to a normal approximation beyond these (huge df, or exp(-del^2/2) underflowing). */
  private static final double MAX_DF = 4e5;

  private static final double MAX_DEL_SQUARED = 2 * Math.log(2) * 1021;

  private NoncentralT() {}

  static double cdf(double t, double df, double ncp) {
    if (ncp == 0) {
      return new TDistribution(null, df).cumulativeProbability(t);
    }
    boolean negate = t < 0;
    double tt = negate ? -t : t;
    double del = negate ? -ncp : ncp;
    if (df > MAX_DF || del * del > MAX_DEL_SQUARED) {
      double s = 1 / (4 * df);
      double z = (tt * (1 - s) - del) / Math.sqrt(1 + tt * tt * 2 * s);
      double lower = STANDARD_NORMAL.cumulativeProbability(z);
      return negate ? 1 - lower : lower;
    }
    double tnc = Math.min(1, series(tt, df, del) + STANDARD_NORMAL.cumulativeProbability(-del));
    return negate ? 1 - tnc : tnc;
  }

  private static double series(double t, double df, double del) {
    double x = t * t / (t * t + df);
    if (x <= 0) {
      return 0;
    }
    double lambda = del * del;
    double p = 0.5 * Math.exp(-0.5 * lambda);
    double q = Math.sqrt(2 / Math.PI) * p * del;
    double s = 0.5 - p;
    if (s < 1e-7) {
      s = -0.5 * Math.expm1(-0.5 * lambda);
    }
    double a = 0.5;
    double b = 0.5 * df;
    double rxb = Math.pow(1 - x, b);
    double logBeta = 0.5 * Math.log(Math.PI) + Gamma.logGamma(b) - Gamma.logGamma(0.5 + b);
    double xodd = Beta.regularizedBeta(x, a, b);
    double godd = 2 * rxb * Math.exp(a * Math.log(x) - logBeta);
    double bx = b * x;
    double xeven = bx < Math.ulp(1.0) ? bx : 1 - rxb;
    double geven = bx * rxb;
    double tnc = p * xodd + q * xeven;
    for (int it = 1; it <= MAX_ITERATIONS; it++) {
      a += 1;
      xodd -= godd;
      xeven -= geven;
      godd *= x * (a + b - 1) / a;
      geven *= x * (a + b - 0.5) / (a + 0.5);
      p *= lambda / (2 * it);
      q *= lambda / (2 * it + 1);
      tnc += p * xodd + q * xeven;
      s -= p;
      if (s < -1e-10 || (s <= 0 && it > 1) || Math.abs(2 * s * (xodd - godd)) < ERROR_MAX) {
        break;
      }
    }
    return tnc;
  }
}
