package dev.moments.server.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The standard normal distribution. The distribution function is W. J. Cody's rational Chebyshev
 * approximation (Math. Comp. 1969), the algorithm of R's {@code pnorm}: full double precision in
 * both tails and an order of magnitude faster than commons-math's {@code Erf}, which matters
 * because the group-sequential recursion evaluates it millions of times per design.
 */
final class Gaussian {

  private static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1);
  private static final double INV_SQRT_2PI = 0.398942280401432677939946059934;
  private static final double SQRT_32 = 5.656854249492380195206754896838;
  private static final double[] A = {
    2.2352520354606839287,
    161.02823106855587881,
    1067.6894854603709582,
    18154.981253343561249,
    0.065682337918207449113
  };
  private static final double[] B = {
    47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956
  };
  private static final double[] C = {
    0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226,
    2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218,
    1.0765576773720192317e-8
  };
  private static final double[] D = {
    22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755,
    18615.571640885098091, 34900.952721145977266, 38912.003286093271411, 19685.429676859990727
  };
  private static final double[] P = {
    0.21589853405795699,
    0.1274011611602473639,
    0.022235277870649807,
    0.001421619193227893466,
    2.9112874951168792e-5,
    0.02307344176494017303
  };
  private static final double[] Q = {
    1.28426009614491121,
    0.468238212480865118,
    0.0659881378689285515,
    0.00378239633202758244,
    7.29751555083966205e-5
  };

  private Gaussian() {}

  /** P(Z <= x). */
  static double cdf(double x) {
    double y = Math.abs(x);
    if (y <= 0.67448975) {
      double xsq = y > 1.1e-16 ? x * x : 0;
      double num = A[4] * xsq;
      double den = xsq;
      for (int i = 0; i < 3; i++) {
        num = (num + A[i]) * xsq;
        den = (den + B[i]) * xsq;
      }
      return 0.5 + x * (num + A[3]) / (den + B[3]);
    }
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (y > 38.5) {
      return x > 0 ? 1 : 0;
    }
    double ratio;
    if (y <= SQRT_32) {
      double num = C[8] * y;
      double den = y;
      for (int i = 0; i < 7; i++) {
        num = (num + C[i]) * y;
        den = (den + D[i]) * y;
      }
      ratio = (num + C[7]) / (den + D[7]);
    } else {
      double xsq = 1 / (x * x);
      double num = P[5] * xsq;
      double den = xsq;
      for (int i = 0; i < 4; i++) {
        num = (num + P[i]) * xsq;
        den = (den + Q[i]) * xsq;
      }
      ratio = (INV_SQRT_2PI - xsq * (num + P[4]) / (den + Q[4])) / y;
    }
    // exp(-y^2/2) split so the square is exact for the leading 4 bits (Cody's "del" trick)
    double ysq = Math.floor(y * 16) / 16;
    double del = (y - ysq) * (y + ysq);
    double tail = Math.exp(-ysq * ysq * 0.5) * Math.exp(-del * 0.5) * ratio;
    return x > 0 ? 1 - tail : tail;
  }

  /** Density at x. */
  static double pdf(double x) {
    return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
  }

  /**
   * x with P(Z <= x) = p: commons-math's estimate polished by two Newton steps on {@link #cdf},
   * because commons-math computes it from 2p - 1 and so loses the relative precision of small p.
   */
  static double quantile(double p) {
    if (p > 0.5) {
      return -quantile(1 - p);
    }
    if (p == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double x = STANDARD.inverseCumulativeProbability(p);
    int steps = 2;
    if (!Double.isFinite(x)) {
      // below about 1e-290 commons-math gives -Infinity: start from the tail asymptote instead
      double log = -2 * Math.log(p);
      x = -Math.sqrt(log - Math.log(log) - Math.log(2 * Math.PI));
      steps = 6;
    }
    for (int i = 0; i < steps; i++) {
      x -= (cdf(x) - p) / pdf(x);
    }
    return x;
  }
}
