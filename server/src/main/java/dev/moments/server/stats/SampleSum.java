package dev.moments.server.stats;

/**
 * A running total of {@link SampleStats}, added to in place and read once as an immutable {@link
 * SampleStats} (as a StringBuilder is read as a String): the fold adds every unit's cells of a
 * batch into one of these per rollup cell, where {@link SampleStats#plus} would allocate new
 * covariate arrays on every merge. Each sum is the one {@code plus} and {@code EMPTY.minus} give,
 * bit for bit. Not thread-safe; not for storage.
 */
public final class SampleSum {
  private boolean empty = true;
  private long n;
  private long converted;
  private double sum;
  private double sumSquares;
  private CovariateMoments.Sum covariates;

  /** Adds {@code s}, or subtracts it when {@code sign} is negative. */
  public void add(SampleStats s, int sign) {
    boolean negate = sign < 0;
    if (negate) {
      // as EMPTY.minus(s): 0 + (-x), which is +0.0 where x is 0.0
      addScalars(-s.n(), -s.converted(), 0.0 + -s.sum(), 0.0 + -s.sumSquares());
    } else if (empty) {
      n = s.n();
      converted = s.converted();
      sum = s.sum();
      sumSquares = s.sumSquares();
    } else {
      addScalars(s.n(), s.converted(), s.sum(), s.sumSquares());
    }
    empty = false;
    if (s.covariates() != null) {
      if (covariates == null) {
        covariates = new CovariateMoments.Sum(s.covariates(), negate);
      } else {
        covariates.add(s.covariates(), negate);
      }
    }
  }

  private void addScalars(long n, long converted, double sum, double sumSquares) {
    this.n += n;
    this.converted += converted;
    this.sum += sum;
    this.sumSquares += sumSquares;
  }

  /** The total so far. */
  public SampleStats toStats() {
    return new SampleStats(
        n, converted, sum, sumSquares, covariates == null ? null : covariates.toMoments());
  }
}
