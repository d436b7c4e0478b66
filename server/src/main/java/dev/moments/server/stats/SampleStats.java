package dev.moments.server.stats;

/**
 * The sufficient statistics of a set of units on one metric, the one type the fold, the rollup rows
 * and the report share (as gbstats' SampleMeanStatistic): units, units that converted, and the sum
 * and sum of squares of the per-unit totals. Immutable and mergeable: per-day deltas, possibly
 * negative when a unit is later excluded, add up with {@link #plus} to the cumulative state, and
 * the fold adds a unit's contribution after a batch {@link #minus} the one before it.
 *
 * <p>A rollup row of a metric carries no units of its own ({@code n == 0}); the report puts its
 * values {@link #over} the units of the variant's {@code $units} row. A binomial metric's per-unit
 * values are 0/1, so its sample has {@code sum == sumSquares == converted}.
 *
 * <p>A metric row of an experiment with CUPED ({@code stats.varianceReduction}) also carries the
 * regression sums of its units ({@link CovariateMoments}: their own n, y as the report reads it,
 * and the covariates fixed at first exposure); null for every other row. They merge with the rest.
 *
 * @param n units
 * @param converted units with at least one conversion
 * @param covariates CUPED sums, or null
 */
public record SampleStats(
    long n, long converted, double sum, double sumSquares, CovariateMoments covariates) {

  public static final SampleStats EMPTY = new SampleStats(0, 0, 0, 0);

  /** Without covariate sums: every metric of an experiment that does not use CUPED. */
  public SampleStats(long n, long converted, double sum, double sumSquares) {
    this(n, converted, sum, sumSquares, null);
  }

  /** One unit, nothing converted: what a first exposure adds to the counts of units. */
  public static final SampleStats ONE_UNIT = units(1);

  /** A mean metric's sample where how many units converted does not matter. */
  public SampleStats(long n, double sum, double sumSquares) {
    this(n, 0, sum, sumSquares);
  }

  public static SampleStats units(long n) {
    return new SampleStats(n, 0, 0, 0);
  }

  public static SampleStats binomial(long units, long conversions) {
    return new SampleStats(units, conversions, conversions, conversions);
  }

  /**
   * What one conversion worth {@code value} adds to its metric's statistic, for a unit whose total
   * on that metric was {@code totalBefore}: its value to the sum, the change of its squared total
   * to the sum of squares, and a converted unit if it is the unit's first.
   */
  public static SampleStats conversion(double totalBefore, double value, boolean first) {
    double after = totalBefore + value;
    return new SampleStats(0, first ? 1 : 0, value, after * after - totalBefore * totalBefore);
  }

  /**
   * As {@link #conversion(double, double, boolean)} for a metric whose per-unit total is winsorised
   * at {@code cap}: the change of min(total, cap) and of its square. The running total itself stays
   * uncapped, so a later negative value (a refund) lowers it from where it really is.
   */
  public static SampleStats conversion(
      double totalBefore, double value, boolean first, double cap) {
    if (cap == Double.POSITIVE_INFINITY) {
      return conversion(totalBefore, value, first);
    }
    double before = Math.min(totalBefore, cap);
    double after = Math.min(totalBefore + value, cap);
    return new SampleStats(0, first ? 1 : 0, after - before, after * after - before * before);
  }

  public SampleStats plus(SampleStats other) {
    return new SampleStats(
        n + other.n,
        converted + other.converted,
        sum + other.sum,
        sumSquares + other.sumSquares,
        covariates == null
            ? other.covariates
            : other.covariates == null ? covariates : covariates.plus(other.covariates));
  }

  public SampleStats minus(SampleStats other) {
    return plus(
        new SampleStats(
            -other.n,
            -other.converted,
            -other.sum,
            -other.sumSquares,
            other.covariates == null ? null : other.covariates.negate()));
  }

  /** The same values with the CUPED sums of the metric's units added (see {@link #covariates}). */
  public SampleStats withCovariates(CovariateMoments moments) {
    return plus(new SampleStats(0, 0, 0, 0, moments));
  }

  /** These values over {@code units} units (a metric row's sums over its variant's units). */
  public SampleStats over(long units) {
    return new SampleStats(units, converted, sum, sumSquares, covariates);
  }

  /**
   * Whether the sum and the sum of squares are finite numbers: every figure of the sample is
   * computed from them ({@link LiftResult#NON_FINITE_SUM} when not).
   */
  public boolean sumsFinite() {
    return Double.isFinite(sum) && Double.isFinite(sumSquares);
  }

  public boolean isZero() {
    return n == 0
        && converted == 0
        && sum == 0
        && sumSquares == 0
        && (covariates == null || covariates.isZero());
  }

  /** Mean per unit; NaN when there are no units (callers check {@link #n()} first). */
  public double mean() {
    return sum / n;
  }

  /**
   * Per-unit variance: p(1-p) for binomial metrics, the sample variance (n-1) for mean metrics.
   * Clamped at zero because delta-encoded sums can leave a tiny negative rounding residue.
   */
  public double variance(MetricType type) {
    double mean = mean();
    double variance =
        type == MetricType.BINOMIAL ? mean * (1 - mean) : (sumSquares - sum * mean) / (n - 1);
    return Math.max(0, variance);
  }
}
