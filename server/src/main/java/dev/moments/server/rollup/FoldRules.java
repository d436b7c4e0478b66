package dev.moments.server.rollup;

import dev.moments.server.experiment.Experiment;
import dev.moments.server.stats.SampleStats;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fold must know of one experiment besides its events: the funnel it declares and the cap
 * of each capped metric. Both shape the cells as events are folded, which is why an experiment may
 * change them only while it is a draft. Experiments the database does not know get {@link #NONE}.
 *
 * @param funnel the declared funnel's metric keys in order; empty for no funnel
 * @param caps metric key → the most a unit's total counts for
 * @param cuped how CUPED's sums are kept; null when the experiment does not use CUPED
 */
record FoldRules(List<String> funnel, Map<String, Double> caps, CupedFold cuped) {
  static final FoldRules NONE = new FoldRules(List.of(), Map.of());

  FoldRules {
    funnel = List.copyOf(funnel);
    caps = Map.copyOf(caps);
  }

  /** Without CUPED sums. */
  FoldRules(List<String> funnel, Map<String, Double> caps) {
    this(funnel, caps, null);
  }

  static FoldRules of(Experiment e) {
    return new FoldRules(e.funnel().steps(), e.caps(), CupedFold.of(e));
  }

  /**
   * What one conversion adds to its metric's cell for a unit whose running (uncapped) total was
   * {@code totalBefore}: with a cap, the change of the capped total and of its square.
   */
  SampleStats conversion(String metric, double totalBefore, double value, boolean first) {
    Double cap = caps.get(metric);
    return SampleStats.conversion(
        totalBefore, value, first, cap == null ? Double.POSITIVE_INFINITY : cap);
  }

  /** As {@link #conversion(String, double, double, boolean)}, with CUPED's change of y added. */
  SampleStats conversion(
      String metric, double totalBefore, double value, boolean first, UnitState.Standing x) {
    SampleStats delta = conversion(metric, totalBefore, value, first);
    return cuped == null ? delta : cuped.conversion(metric, delta, x);
  }

  /** The metric cells a unit's first counted exposure adds besides {@code $units}: CUPED's. */
  Map<String, SampleStats> unitCells(UnitState.Standing x) {
    Map<String, SampleStats> cells = new HashMap<>();
    if (cuped != null) {
      cuped.addUnit(cells, x);
    }
    return cells;
  }
}
