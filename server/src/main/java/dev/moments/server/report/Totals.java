package dev.moments.server.report;

import dev.moments.server.rollup.RollupRow;

/** Cumulative rollup columns for one (metric, variant) slice. */
record Totals(long units, long converted, double sum, double sumSquares) {

  static final Totals ZERO = new Totals(0, 0, 0, 0);

  static Totals of(RollupRow row) {
    return new Totals(row.units(), row.converted(), row.sum(), row.sumSquares());
  }

  Totals plus(Totals other) {
    return new Totals(
        units + other.units,
        converted + other.converted,
        sum + other.sum,
        sumSquares + other.sumSquares);
  }
}
