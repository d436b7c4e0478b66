package dev.moments.server.rollup;

import dev.moments.server.experiment.Experiment;
import dev.moments.server.stats.SampleStats;
import java.util.List;
import java.util.Map;

/**
 * What the fold must know of one experiment besides its events: the funnel it declares, the cap of
 * each capped metric and the parts of each ratio metric. All shape the cells as events are folded,
 * which is why an experiment may change them only while it is a draft. Experiments the database
 * does not know get {@link #NONE}.
 *
 * @param funnel the declared funnel's metric keys in order; empty for no funnel
 * @param caps metric key → the most a unit's total counts for
 * @param ratios ratio metric key → its numerator and denominator event metric keys ({@link
 *     RatioCells})
 */
record FoldRules(List<String> funnel, Map<String, Double> caps, Map<String, List<String>> ratios) {
  static final FoldRules NONE = new FoldRules(List.of(), Map.of());

  FoldRules {
    funnel = List.copyOf(funnel);
    caps = Map.copyOf(caps);
    ratios = Map.copyOf(ratios);
  }

  FoldRules(List<String> funnel, Map<String, Double> caps) {
    this(funnel, caps, Map.of());
  }

  static FoldRules of(Experiment e) {
    return new FoldRules(e.funnel().steps(), e.caps(), e.ratios());
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
}
