package dev.moments.server.rollup;

/**
 * Mutable sufficient statistics of one rollup cell, for summing contributions and taking
 * differences.
 */
final class Tally {
  long units;
  long converted;
  double sum;
  double sumSquares;

  Tally() {}

  Tally(long units, long converted, double sum, double sumSquares) {
    this.units = units;
    this.converted = converted;
    this.sum = sum;
    this.sumSquares = sumSquares;
  }

  void add(Tally other, int sign) {
    units += sign * other.units;
    converted += sign * other.converted;
    sum += sign * other.sum;
    sumSquares += sign * other.sumSquares;
  }

  boolean isZero() {
    return units == 0 && converted == 0 && sum == 0 && sumSquares == 0;
  }

  @Override
  public String toString() {
    return "units="
        + units
        + " converted="
        + converted
        + " sum="
        + sum
        + " sumSquares="
        + sumSquares;
  }
}
