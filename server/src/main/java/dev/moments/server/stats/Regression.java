package dev.moments.server.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Least-squares slopes β = S_xx⁻¹ S_xy from centred cross-products, by a Cholesky factorisation
 * taken column by column in covariate order. A column that is constant, or that earlier columns
 * explain almost entirely, is left out with β = 0, like the columns R's {@code lm} reports as NA:
 * the fitted values, and so the adjusted means, are the same whichever of a collinear set is kept.
 *
 * @param dropped 0-based indexes of the columns left out
 */
record Regression(double[] beta, List<Integer> dropped) {

  /** A column whose centred variance is below this share of its raw Σx² is constant. */
  private static final double CONSTANT = 1e-12;

  /** A column explained by earlier ones up to this share of its variance is collinear. */
  private static final double COLLINEAR = 1e-10;

  static Regression none(int covariates) {
    List<Integer> all = new ArrayList<>();
    for (int j = 0; j < covariates; j++) {
      all.add(j);
    }
    return new Regression(new double[covariates], all);
  }

  /**
   * @param rawSquares raw Σx_j², the yardstick for "constant" (centring a large-valued column
   *     leaves rounding noise of about 1e-16 of it)
   */
  static Regression fit(CenteredMoments m, double[] rawSquares) {
    double[][] s = m.sxx();
    int p = s.length;
    double[][] l = new double[p][p];
    boolean[] kept = new boolean[p];
    List<Integer> dropped = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      double residual = s[j][j] - dot(l[j], l[j], j);
      if (!(s[j][j] > CONSTANT * rawSquares[j]) || !(residual > COLLINEAR * s[j][j])) {
        dropped.add(j);
        continue;
      }
      kept[j] = true;
      l[j][j] = Math.sqrt(residual);
      for (int i = j + 1; i < p; i++) {
        l[i][j] = (s[i][j] - dot(l[i], l[j], j)) / l[j][j];
      }
    }
    double[] u = new double[p];
    for (int j = 0; j < p; j++) {
      if (kept[j]) {
        u[j] = (m.sxy()[j] - dot(l[j], u, j)) / l[j][j];
      }
    }
    double[] beta = new double[p];
    for (int j = p - 1; j >= 0; j--) {
      if (kept[j]) {
        double sum = u[j];
        for (int i = j + 1; i < p; i++) {
          sum -= l[i][j] * beta[i];
        }
        beta[j] = sum / l[j][j];
      }
    }
    return new Regression(beta, dropped);
  }

  /** Σ a_k b_k over k < length (dropped columns hold zeros, so they add nothing). */
  private static double dot(double[] a, double[] b, int length) {
    double sum = 0;
    for (int k = 0; k < length; k++) {
      sum += a[k] * b[k];
    }
    return sum;
  }

  static double dot(double[] a, double[] b) {
    return dot(a, b, a.length);
  }

  /** βᵀ S β. */
  static double quadratic(double[] beta, double[][] s) {
    double sum = 0;
    for (int i = 0; i < beta.length; i++) {
      sum += beta[i] * dot(s[i], beta);
    }
    return sum;
  }
}
