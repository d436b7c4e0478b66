package dev.moments.server.stats;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Does the effect of one factor on a conversion rate depend on another? For the "message match" of
 * an ad and its landing page: rows are ad variants, columns landing variants, each cell the units
 * and conversions of the units that came through that ad and saw that landing page.
 *
 * <p>The likelihood-ratio test of the interaction in a logistic regression: the model with both
 * main effects, logit p = mu + alpha_row + beta_column, is fitted by iteratively reweighted least
 * squares on the cells (binomial counts), and its deviance against the saturated model (which fits
 * every cell's rate exactly, i.e. the model with the interaction) is chi-squared with (rows - 1)
 * (columns - 1) degrees of freedom under "no interaction". This is R's {@code anova(glm(cbind(y, n
 * - y) ~ ad + landing, binomial), glm(cbind(y, n - y) ~ ad * landing, binomial), test = "Chisq")},
 * which the tests check it against ({@code message_match_reference.R}). Pure; a table it cannot
 * test gives a result with an error code.
 */
public final class InteractionTest {
  /** The interaction test's outcome: statistic, df and p-value, or an error code. */
  public record Result(double statistic, int df, double pValue, String error) {
    public boolean ok() {
      return error == null;
    }

    static Result error(String code) {
      return new Result(Double.NaN, 0, Double.NaN, code);
    }
  }

  public static final String TOO_FEW_LEVELS = "too_few_levels";
  public static final String EMPTY_CELL = "empty_cell";
  public static final String NO_VARIATION = "no_variation";
  public static final String NOT_CONVERGED = "not_converged";

  private static final int MAX_ITERATIONS = 100;

  /** R's glm.control epsilon: |dev - dev_old| / (|dev| + 0.1) below it means converged. */
  private static final double EPSILON = 1e-10;

  private InteractionTest() {}

  /**
   * @param units units per cell, [row][column]
   * @param conversions converted units per cell, at most the cell's units
   */
  public static Result test(long[][] units, long[][] conversions) {
    int rows = units.length;
    int columns = rows == 0 ? 0 : units[0].length;
    if (rows < 2 || columns < 2) {
      return Result.error(TOO_FEW_LEVELS);
    }
    long totalUnits = 0;
    long totalConversions = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < columns; j++) {
        if (units[i][j] <= 0) {
          return Result.error(EMPTY_CELL);
        }
        totalUnits += units[i][j];
        totalConversions += conversions[i][j];
      }
    }
    if (totalConversions == 0 || totalConversions == totalUnits) {
      return Result.error(NO_VARIATION);
    }
    double deviance = additiveDeviance(units, conversions);
    if (Double.isNaN(deviance)) {
      return Result.error(NOT_CONVERGED);
    }
    int df = (rows - 1) * (columns - 1);
    double statistic = Math.max(0, deviance);
    double p = 1 - new ChiSquaredDistribution(null, df).cumulativeProbability(statistic);
    return new Result(statistic, df, p, null);
  }

  /** The deviance of the main-effects model against the saturated one; NaN if IRLS fails. */
  static double additiveDeviance(long[][] units, long[][] conversions) {
    int rows = units.length;
    int columns = units[0].length;
    int k = rows + columns - 1;
    double[][] eta = new double[rows][columns];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < columns; j++) {
        double p = (conversions[i][j] + 0.5) / (units[i][j] + 1.0);
        eta[i][j] = Math.log(p / (1 - p));
      }
    }
    double previous = Double.POSITIVE_INFINITY;
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double[][] xtwx = new double[k][k];
      double[] xtwz = new double[k];
      int[] columnsOf = new int[2];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < columns; j++) {
          double p = 1 / (1 + Math.exp(-eta[i][j]));
          double n = units[i][j];
          double w = Math.max(n * p * (1 - p), 1e-300);
          double z = eta[i][j] + (conversions[i][j] - n * p) / w;
          int used = design(i, j, rows, columnsOf);
          // the intercept column 0 is always 1
          accumulate(xtwx, xtwz, w, z, columnsOf, used);
        }
      }
      double[] beta = solve(xtwx, xtwz);
      if (beta == null) {
        return Double.NaN;
      }
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < columns; j++) {
          eta[i][j] = beta[0] + (i > 0 ? beta[i] : 0) + (j > 0 ? beta[rows - 1 + j] : 0);
        }
      }
      double deviance = deviance(units, conversions, eta);
      if (Math.abs(deviance - previous) / (Math.abs(deviance) + 0.1) < EPSILON) {
        return deviance;
      }
      previous = deviance;
    }
    return Double.NaN;
  }

  /** The non-intercept columns of cell (i, j): row i's (if not the first), column j's. */
  private static int design(int i, int j, int rows, int[] columns) {
    int used = 0;
    if (i > 0) {
      columns[used++] = i;
    }
    if (j > 0) {
      columns[used++] = rows - 1 + j;
    }
    return used;
  }

  private static void accumulate(
      double[][] xtwx, double[] xtwz, double w, double z, int[] columns, int used) {
    xtwx[0][0] += w;
    xtwz[0] += w * z;
    for (int a = 0; a < used; a++) {
      int c = columns[a];
      xtwx[0][c] += w;
      xtwx[c][0] += w;
      xtwz[c] += w * z;
      for (int b = 0; b < used; b++) {
        xtwx[c][columns[b]] += w;
      }
    }
  }

  /** 2 sum y log(y / mu) + (n - y) log((n - y) / (n - mu)), with 0 log 0 = 0. */
  static double deviance(long[][] units, long[][] conversions, double[][] eta) {
    double d = 0;
    for (int i = 0; i < units.length; i++) {
      for (int j = 0; j < units[i].length; j++) {
        double n = units[i][j];
        double y = conversions[i][j];
        double mu = n / (1 + Math.exp(-eta[i][j]));
        d += term(y, mu) + term(n - y, n - mu);
      }
    }
    return 2 * d;
  }

  private static double term(double observed, double fitted) {
    return observed <= 0 ? 0 : observed * Math.log(observed / fitted);
  }

  /** Gaussian elimination with partial pivoting; null when the system is singular. */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    double[] x = b.clone();
    for (int i = 0; i < n; i++) {
      m[i] = a[i].clone();
    }
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
          pivot = r;
        }
      }
      if (Math.abs(m[pivot][c]) < 1e-300) {
        return null;
      }
      double[] row = m[c];
      m[c] = m[pivot];
      m[pivot] = row;
      double t = x[c];
      x[c] = x[pivot];
      x[pivot] = t;
      for (int r = c + 1; r < n; r++) {
        double f = m[r][c] / m[c][c];
        for (int k = c; k < n; k++) {
          m[r][k] -= f * m[c][k];
        }
        x[r] -= f * x[c];
      }
    }
    for (int r = n - 1; r >= 0; r--) {
      double s = x[r];
      for (int k = r + 1; k < n; k++) {
        s -= m[r][k] * x[k];
      }
      x[r] = s / m[r][r];
    }
    return x;
  }
}
