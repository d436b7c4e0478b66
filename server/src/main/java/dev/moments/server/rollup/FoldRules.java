package dev.moments.server.rollup;

import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.MetricWindow;
import dev.moments.server.stats.SampleStats;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
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
 * @param windows metric (or ratio) key → the window its conversions must fall in
 * @param cuped how CUPED's sums are kept; null when the experiment does not use CUPED
 */
record FoldRules(
    List<String> funnel,
    Map<String, Double> caps,
    Map<String, List<String>> ratios,
    Map<String, MetricWindow> windows,
    CupedFold cuped) {
  static final FoldRules NONE = new FoldRules(List.of(), Map.of());

  FoldRules {
    funnel = List.copyOf(funnel);
    caps = Map.copyOf(caps);
    ratios = Map.copyOf(ratios);
    windows = Map.copyOf(windows);
  }

  /** Without ratios, windows or CUPED sums. */
  FoldRules(List<String> funnel, Map<String, Double> caps) {
    this(funnel, caps, Map.of(), Map.of());
  }

  /** Without CUPED sums. */
  FoldRules(
      List<String> funnel,
      Map<String, Double> caps,
      Map<String, List<String>> ratios,
      Map<String, MetricWindow> windows) {
    this(funnel, caps, ratios, windows, null);
  }

  static FoldRules of(Experiment e) {
    return new FoldRules(e.funnel().steps(), e.caps(), e.ratios(), e.windows(), CupedFold.of(e));
  }

  /**
   * Whether a conversion at {@code at} counts for the metric (or ratio) {@code key} of a unit first
   * exposed at {@code firstAt}: always, or inside the metric's window.
   */
  boolean counts(String key, Instant firstAt, Instant at) {
    MetricWindow window = windows.get(key);
    return window == null || window.contains(firstAt, at);
  }

  /**
   * The day a credit to {@code key} is dated: the conversion's, or for a windowed metric the unit's
   * first exposure day, so that each exposure day's row is a maturity bucket the report takes in
   * whole once every window of that day has closed (server/README.md, "Windows and retention").
   */
  LocalDate creditDay(String key, Instant firstAt, Instant at) {
    return Attribution.day(windows.containsKey(key) ? firstAt : at);
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
