package dev.moments.server.stats;

import java.util.Arrays;

/**
 * Mergeable sufficient statistics of one arm for regression adjustment (CUPED): units n, Σy, Σy²,
 * and for the covariate vector x of each unit Σx, Σxxᵀ and Σxy. Everything {@link CupedEstimator}
 * needs, so a report never scans raw events: a rollup keeps one of these per arm and day and adds
 * them up. Per-day deltas may be negative (a unit's value corrected later).
 *
 * <p>y is whatever the fold makes of a unit's metric (a 0/1 conversion, a total, a winsorised total
 * when the metric is capped); x is built by {@link CovariateLayout}. Σxxᵀ is symmetric and stored
 * as its lower triangle, row by row: element (i, j), j <= i, at {@code i (i + 1) / 2 + j}.
 */
public final class CovariateMoments {

  private final long n;
  private final double sumY;
  private final double sumY2;
  private final double[] sumX;
  private final double[] sumXX;
  private final double[] sumXY;

  private CovariateMoments(
      long n, double sumY, double sumY2, double[] sumX, double[] sumXX, double[] sumXY) {
    this.n = n;
    this.sumY = sumY;
    this.sumY2 = sumY2;
    this.sumX = sumX;
    this.sumXX = sumXX;
    this.sumXY = sumXY;
  }

  /** No units, p covariates. */
  public static CovariateMoments empty(int covariates) {
    if (covariates < 0) {
      throw new IllegalArgumentException("covariates must be >= 0, got " + covariates);
    }
    return new CovariateMoments(
        0,
        0,
        0,
        new double[covariates],
        new double[packedSize(covariates)],
        new double[covariates]);
  }

  /** One unit with outcome y and covariates x. */
  public static CovariateMoments ofUnit(double y, double... x) {
    double[] xx = new double[packedSize(x.length)];
    double[] xy = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      xy[i] = x[i] * y;
      for (int j = 0; j <= i; j++) {
        xx[index(i, j)] = x[i] * x[j];
      }
    }
    return new CovariateMoments(1, y, y * y, x.clone(), xx, xy);
  }

  /** Sums as stored by a rollup; {@code sumXX} packed as described in the class comment. */
  public static CovariateMoments of(
      long n, double sumY, double sumY2, double[] sumX, double[] sumXX, double[] sumXY) {
    int p = sumX.length;
    if (sumXY.length != p || sumXX.length != packedSize(p)) {
      throw new IllegalArgumentException(
          "for "
              + p
              + " covariates Σxy needs "
              + p
              + " and packed Σxxᵀ "
              + packedSize(p)
              + " values, got "
              + sumXY.length
              + " and "
              + sumXX.length);
    }
    return new CovariateMoments(n, sumY, sumY2, sumX.clone(), sumXX.clone(), sumXY.clone());
  }

  public CovariateMoments plus(CovariateMoments other) {
    if (other.sumX.length != sumX.length) {
      throw new IllegalArgumentException(
          "cannot add moments of " + other.sumX.length + " covariates to " + sumX.length);
    }
    return new CovariateMoments(
        n + other.n,
        sumY + other.sumY,
        sumY2 + other.sumY2,
        add(sumX, other.sumX),
        add(sumXX, other.sumXX),
        add(sumXY, other.sumXY));
  }

  /**
   * What a change of one unit's y by {@code dy} (and of y² by {@code dy2}) adds, for a unit with
   * covariates x that is already counted: Σy, Σy² and Σxy move, n, Σx and Σxxᵀ do not. The fold
   * adds one of these per conversion, as x is fixed at first exposure.
   */
  public static CovariateMoments ofChange(double dy, double dy2, double[] x) {
    double[] xy = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      xy[i] = x[i] * dy;
    }
    return new CovariateMoments(
        0, dy, dy2, new double[x.length], new double[packedSize(x.length)], xy);
  }

  /** These sums taken away (a unit's contribution removed, a delta undone). */
  public CovariateMoments negate() {
    return new CovariateMoments(
        -n, -sumY, -sumY2, scaled(sumX, -1), scaled(sumXX, -1), scaled(sumXY, -1));
  }

  public boolean isZero() {
    return n == 0 && sumY == 0 && sumY2 == 0 && allZero(sumX) && allZero(sumXX) && allZero(sumXY);
  }

  /**
   * All sums in one flat array for storage: n, Σy, Σy², Σx (p), packed Σxxᵀ (p (p + 1) / 2), Σxy
   * (p). Adding two such arrays element by element adds the moments, which is how the rollups'
   * {@code covariates} column is merged in SQL.
   */
  public double[] toArray() {
    int p = sumX.length;
    double[] a = new double[flatSize(p)];
    a[0] = n;
    a[1] = sumY;
    a[2] = sumY2;
    System.arraycopy(sumX, 0, a, 3, p);
    System.arraycopy(sumXX, 0, a, 3 + p, sumXX.length);
    System.arraycopy(sumXY, 0, a, 3 + p + sumXX.length, p);
    return a;
  }

  /** The inverse of {@link #toArray()}; IllegalArgumentException for a length no p gives. */
  public static CovariateMoments fromArray(double[] a) {
    int p = 0;
    while (flatSize(p) < a.length) {
      p++;
    }
    if (flatSize(p) != a.length) {
      throw new IllegalArgumentException("no covariate count gives " + a.length + " sums");
    }
    int xx = packedSize(p);
    return new CovariateMoments(
        Math.round(a[0]),
        a[1],
        a[2],
        Arrays.copyOfRange(a, 3, 3 + p),
        Arrays.copyOfRange(a, 3 + p, 3 + p + xx),
        Arrays.copyOfRange(a, 3 + p + xx, 3 + 2 * p + xx));
  }

  static int flatSize(int covariates) {
    return 3 + 2 * covariates + packedSize(covariates);
  }

  private static double[] scaled(double[] a, double by) {
    double[] s = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      s[i] = a[i] * by;
    }
    return s;
  }

  private static boolean allZero(double[] a) {
    for (double v : a) {
      if (v != 0) {
        return false;
      }
    }
    return true;
  }

  public int covariates() {
    return sumX.length;
  }

  public long n() {
    return n;
  }

  public double sumY() {
    return sumY;
  }

  public double sumY2() {
    return sumY2;
  }

  public double sumX(int i) {
    return sumX[i];
  }

  /** Σ x_i x_j (symmetric). */
  public double sumXX(int i, int j) {
    return i >= j ? sumXX[index(i, j)] : sumXX[index(j, i)];
  }

  public double sumXY(int i) {
    return sumXY[i];
  }

  /** The packed lower triangle of Σxxᵀ, for storage. */
  public double[] packedSumXX() {
    return sumXX.clone();
  }

  static int packedSize(int covariates) {
    return covariates * (covariates + 1) / 2;
  }

  private static int index(int i, int j) {
    return i * (i + 1) / 2 + j;
  }

  private static double[] add(double[] a, double[] b) {
    double[] sum = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      sum[i] = a[i] + b[i];
    }
    return sum;
  }

  /**
   * Moments added to in place, for {@link SampleSum}: each sum is the one {@link #plus} and {@link
   * #negate} give, without new arrays per addition.
   */
  static final class Sum {
    private long n;
    private double sumY;
    private double sumY2;
    private final double[] sumX;
    private final double[] sumXX;
    private final double[] sumXY;

    Sum(CovariateMoments first, boolean negate) {
      CovariateMoments m = negate ? first.negate() : first;
      n = m.n;
      sumY = m.sumY;
      sumY2 = m.sumY2;
      sumX = m.sumX.clone();
      sumXX = m.sumXX.clone();
      sumXY = m.sumXY.clone();
    }

    void add(CovariateMoments m, boolean negate) {
      if (m.sumX.length != sumX.length) {
        throw new IllegalArgumentException(
            "cannot add moments of " + m.sumX.length + " covariates to " + sumX.length);
      }
      double by = negate ? -1 : 1;
      n += negate ? -m.n : m.n;
      sumY += m.sumY * by;
      sumY2 += m.sumY2 * by;
      addInPlace(sumX, m.sumX, by);
      addInPlace(sumXX, m.sumXX, by);
      addInPlace(sumXY, m.sumXY, by);
    }

    CovariateMoments toMoments() {
      return new CovariateMoments(n, sumY, sumY2, sumX.clone(), sumXX.clone(), sumXY.clone());
    }

    private static void addInPlace(double[] into, double[] a, double by) {
      for (int i = 0; i < into.length; i++) {
        into[i] += a[i] * by;
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CovariateMoments m
        && n == m.n
        && sumY == m.sumY
        && sumY2 == m.sumY2
        && Arrays.equals(sumX, m.sumX)
        && Arrays.equals(sumXX, m.sumXX)
        && Arrays.equals(sumXY, m.sumXY);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(new Object[] {n, sumY, sumY2, sumX, sumXX, sumXY});
  }

  @Override
  public String toString() {
    return "CovariateMoments[n="
        + n
        + ", Σy="
        + sumY
        + ", Σy²="
        + sumY2
        + ", Σx="
        + Arrays.toString(sumX)
        + "]";
  }
}
