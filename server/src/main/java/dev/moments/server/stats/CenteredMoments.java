package dev.moments.server.stats;

/**
 * One group's sums with the cross-products centred at its own means: S_yy = Σ(y - ȳ)², S_xy = Σ(x -
 * x̄)(y - ȳ), S_xx = Σ(x - x̄)(x - x̄)ᵀ, plus the raw n, Σy and Σx.
 */
record CenteredMoments(
    long n, double sumY, double[] sumX, double syy, double[] sxy, double[][] sxx) {

  static CenteredMoments of(CovariateMoments m) {
    int p = m.covariates();
    long n = m.n();
    double yMean = m.sumY() / n;
    double[] sumX = new double[p];
    for (int i = 0; i < p; i++) {
      sumX[i] = m.sumX(i);
    }
    double[] sxy = new double[p];
    double[][] sxx = new double[p][p];
    for (int i = 0; i < p; i++) {
      sxy[i] = m.sumXY(i) - sumX[i] * yMean;
      for (int j = 0; j < p; j++) {
        sxx[i][j] = m.sumXX(i, j) - sumX[i] * sumX[j] / n;
      }
    }
    return new CenteredMoments(n, m.sumY(), sumX, m.sumY2() - m.sumY() * yMean, sxy, sxx);
  }

  /**
   * The within-group cross-products of two groups added up: what least squares with one intercept
   * per group works from. n, Σy and Σx are summed too.
   */
  CenteredMoments pooledWith(CenteredMoments o) {
    int p = sumX.length;
    double[] x = new double[p];
    double[] xy = new double[p];
    double[][] xx = new double[p][p];
    for (int i = 0; i < p; i++) {
      x[i] = sumX[i] + o.sumX[i];
      xy[i] = sxy[i] + o.sxy[i];
      for (int j = 0; j < p; j++) {
        xx[i][j] = sxx[i][j] + o.sxx[i][j];
      }
    }
    return new CenteredMoments(n + o.n, sumY + o.sumY, x, syy + o.syy, xy, xx);
  }
}
