package dev.moments.server.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Cody's normal distribution function and the polished quantile against R (normal_reference.R). */
class GaussianTest {

  @Test
  void distributionFunctionMatchesRAcrossBothTails() {
    int checked = 0;
    for (String[] f : ReferenceFile.lines("normal_reference.R.out")) {
      if (f[0].equals("pnorm")) {
        double x = Double.parseDouble(f[1]);
        double expected = Double.parseDouble(f[2]);
        Close.relative(expected, Gaussian.cdf(x), 1e-14, "pnorm(" + x + ")");
        checked++;
      }
    }
    assertTrue(checked > 100);
  }

  @Test
  void quantileKeepsRelativePrecisionForSmallProbabilities() {
    for (String[] f : ReferenceFile.lines("normal_reference.R.out")) {
      if (f[0].equals("qnorm")) {
        double p = Double.parseDouble(f[1]);
        Close.relative(Double.parseDouble(f[2]), Gaussian.quantile(p), 1e-13, "qnorm(" + p + ")");
      }
    }
  }

  @Test
  void densityIsTheStandardNormal() {
    Close.relative(0.3989422804014327, Gaussian.pdf(0), 1e-15, "dnorm(0)");
    Close.relative(0.05399096651318806, Gaussian.pdf(-2), 1e-15, "dnorm(-2)");
  }
}
