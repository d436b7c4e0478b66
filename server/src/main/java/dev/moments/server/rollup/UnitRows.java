package dev.moments.server.rollup;

import dev.moments.server.stats.SampleStats;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * The rollup rows a unit's cells in one experiment are added to, as its standing and the
 * experiment's facts fix them: the row of all units of its variant and, split by each, its segment
 * values, its cohort (the day of its first exposure), its weight period ({@link
 * ExperimentFacts#periodOf}, a function of the facts and the first exposure's time, so computed
 * here and never kept in the state) and the ad variant of each ad experiment it came through. Made
 * once per standing where cells are added, not per cell: the cohort's text and the period are no
 * longer worked out for every cell.
 */
final class UnitRows {
  private final String experiment;
  private final String variant;

  /** Segment attribute and value pairs, flattened: attribute at 2k, value at 2k + 1. */
  private final String[] splits;

  private UnitRows(String experiment, String variant, String[] splits) {
    this.experiment = experiment;
    this.variant = variant;
    this.splits = splits;
  }

  /** The rows of a standing in an experiment with these facts (null: one that does not exist). */
  static UnitRows of(String experiment, UnitState.Standing x, ExperimentFacts facts) {
    return of(experiment, x, facts == null ? null : facts.periodOf(x.firstAt));
  }

  /**
   * @param period the weight period the unit entered in, null when the experiment keeps none
   */
  static UnitRows of(String experiment, UnitState.Standing x, String period) {
    int attributes = RollupRow.SEGMENT_ATTRIBUTES.size();
    String[] splits =
        new String[2 * (attributes + 1 + (period == null ? 0 : 1) + x.adSegments.size())];
    int k = 0;
    for (int i = 0; i < attributes; i++) {
      splits[k++] = RollupRow.SEGMENT_ATTRIBUTES.get(i);
      splits[k++] = x.segments.get(i);
    }
    splits[k++] = RollupRow.COHORT;
    splits[k++] = Attribution.day(x.firstAt).toString();
    if (period != null) {
      splits[k++] = RollupRow.PERIOD;
      splits[k++] = period;
    }
    for (Map.Entry<String, String> ad : x.adSegments.entrySet()) {
      splits[k++] = RollupRow.AD_SEGMENT_PREFIX + ad.getKey();
      splits[k++] = ad.getValue();
    }
    return new UnitRows(experiment, x.variant, splits);
  }

  /** Adds {@code stats} on {@code day} to each of these rows of {@code metric}. */
  void add(Map<RollupKey, SampleStats> cells, String metric, LocalDate day, SampleStats stats) {
    BinaryOperator<SampleStats> plus = SampleStats::plus;
    cells.merge(new RollupKey(experiment, metric, variant, day, "", ""), stats, plus);
    for (int k = 0; k < splits.length; k += 2) {
      cells.merge(
          new RollupKey(experiment, metric, variant, day, splits[k], splits[k + 1]), stats, plus);
    }
  }
}
