package dev.moments.server.stats;

/**
 * Mergeable sufficient statistics of one arm for a ratio metric such as revenue per order: per unit
 * a numerator value a and a denominator value b (a unit with no orders adds 0 and 0), summed as n,
 * Σa, Σb, Σa², Σb², Σab.
 */
public record RatioMoments(
    long n,
    double sumNumerator,
    double sumDenominator,
    double sumNumeratorSquares,
    double sumDenominatorSquares,
    double sumProducts) {

  public static final RatioMoments EMPTY = new RatioMoments(0, 0, 0, 0, 0, 0);

  public static RatioMoments ofUnit(double numerator, double denominator) {
    return new RatioMoments(
        1,
        numerator,
        denominator,
        numerator * numerator,
        denominator * denominator,
        numerator * denominator);
  }

  public RatioMoments plus(RatioMoments o) {
    return new RatioMoments(
        n + o.n,
        sumNumerator + o.sumNumerator,
        sumDenominator + o.sumDenominator,
        sumNumeratorSquares + o.sumNumeratorSquares,
        sumDenominatorSquares + o.sumDenominatorSquares,
        sumProducts + o.sumProducts);
  }

  /** Whether every sum is a finite number ({@link LiftResult#NON_FINITE_SUM} when not). */
  public boolean sumsFinite() {
    return Double.isFinite(sumNumerator)
        && Double.isFinite(sumDenominator)
        && Double.isFinite(sumNumeratorSquares)
        && Double.isFinite(sumDenominatorSquares)
        && Double.isFinite(sumProducts);
  }

  /** Σa / Σb: the ratio of the means, NaN without denominator. */
  public double ratio() {
    return sumNumerator / sumDenominator;
  }

  /**
   * Delta-method variance of {@link #ratio()} (Deng et al. 2018, eq. 3): with means μ_a, μ_b and
   * sample (co)variances, (σ_a² / μ_b² - 2 μ_a σ_ab / μ_b³ + μ_a² σ_b² / μ_b⁴) / n.
   */
  double ratioVariance() {
    double meanA = sumNumerator / n;
    double meanB = sumDenominator / n;
    double varA = (sumNumeratorSquares - sumNumerator * meanA) / (n - 1);
    double varB = (sumDenominatorSquares - sumDenominator * meanB) / (n - 1);
    double cov = (sumProducts - sumNumerator * meanB) / (n - 1);
    double b2 = meanB * meanB;
    double variance =
        (varA / b2 - 2 * meanA * cov / (b2 * meanB) + meanA * meanA * varB / (b2 * b2)) / n;
    return Math.max(0, variance);
  }

  /**
   * This arm as the {@link SampleStats} of a mean metric with the same mean and the same variance
   * of the mean: n units, mean {@link #ratio()}, per-unit variance n · {@link #ratioVariance()}.
   * The delta-method variance of a ratio of means is the variance of the mean of the linearised
   * per-unit values (a_i - R b_i) / μ_b (Deng et al. 2018), so every estimator that takes a mean
   * metric's sample (the lift and its interval, the sequential monitor, the plan) then gives the
   * ratio's delta-method figures. NaN mean when there is no denominator.
   */
  public SampleStats asSample() {
    if (n < 2 || sumDenominator == 0) {
      return new SampleStats(n, 0, n * ratio(), Double.NaN);
    }
    double r = ratio();
    double perUnitVariance = n * ratioVariance();
    return new SampleStats(n, 0, n * r, (n - 1) * perUnitVariance + n * r * r);
  }
}
