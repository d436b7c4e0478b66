package dev.moments.server.rollup;

import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.Metric;
import dev.moments.server.stats.CovariateLayout;
import dev.moments.server.stats.CovariateMoments;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.SampleStats;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the fold sums CUPED's regression moments for one experiment with {@code
 * stats.varianceReduction: cuped} (server/README.md, "CUPED in the fold"). Each declared metric's
 * row gets, at a unit's first counted exposure, the unit with y = 0 and its covariates x (n, Σx,
 * Σxxᵀ), and at each credited conversion the change of the unit's y (Σy, Σy², Σxy = x Δy). x is
 * fixed at first exposure: the metric's total in the {@code lookbackDays} UTC days before the day
 * of first exposure ({@link RecentConversions#total}) and the context of {@link #LAYOUT}. y is what
 * the report reads: 0/1 for a binomial metric, the (capped) total for a mean one.
 *
 * @param lookbackDays 1..90
 * @param binomial declared metric key → whether it is binomial, in declaration order
 */
record CupedFold(int lookbackDays, Map<String, Boolean> binomial) {

  /**
   * The context levels, bounded; the first of each is the baseline, and a value not listed (or
   * none) counts as it. They must not change while an experiment runs: add levels only with a
   * rebuild-rollups.
   */
  static final CovariateLayout LAYOUT =
      new CovariateLayout(
          List.of(
              new CovariateLayout.Factor("device", List.of("desktop", "mobile", "tablet")),
              new CovariateLayout.Factor(
                  "channel", List.of("direct", "search", "social", "email", "ad", "referral")),
              new CovariateLayout.Factor("intent", List.of("know", "go", "do", "buy")),
              new CovariateLayout.Factor("returning", List.of("false", "true"))));

  CupedFold {
    binomial = Map.copyOf(new LinkedHashMap<>(binomial));
  }

  /** The experiment's, or null when it does not use CUPED. */
  static CupedFold of(Experiment e) {
    if (!e.stats().cuped()) {
      return null;
    }
    Map<String, Boolean> binomial = new LinkedHashMap<>();
    for (Metric m : e.metrics()) {
      // a ratio's rows hold no per-unit y to regress (its report reads the $ratio rows): no sums
      if (m.type() != MetricType.RATIO) {
        binomial.put(m.key(), m.type().statistic() == MetricType.BINOMIAL);
      }
    }
    return new CupedFold(e.stats().lookbackDays(), binomial);
  }

  /** The pre-period total of each declared metric for a unit first exposed on {@code day}. */
  Map<String, Double> preTotals(UnitState state, LocalDate day) {
    Map<String, Double> pre = new HashMap<>();
    for (String metric : binomial.keySet()) {
      double total = state.recent.total(metric, day, lookbackDays);
      if (total != 0) {
        pre.put(metric, total);
      }
    }
    return pre;
  }

  /** Each declared metric's cell for a unit's first counted exposure: n = 1, y = 0, its x. */
  void addUnit(Map<String, SampleStats> into, UnitState.Standing x) {
    Map<String, String> context = context(x);
    for (String metric : binomial.keySet()) {
      into.put(
          metric,
          SampleStats.EMPTY.withCovariates(CovariateMoments.ofUnit(0, x(x, metric, context))));
    }
  }

  /** A conversion's cell with the change of the unit's y added; unchanged for other metrics. */
  SampleStats conversion(String metric, SampleStats delta, UnitState.Standing x) {
    Boolean isBinomial = binomial.get(metric);
    if (isBinomial == null) {
      return delta;
    }
    double dy = isBinomial ? delta.converted() : delta.sum();
    double dy2 = isBinomial ? delta.converted() : delta.sumSquares();
    return delta.withCovariates(CovariateMoments.ofChange(dy, dy2, x(x, metric, context(x))));
  }

  /** The unit's segment values by attribute, sized not to grow. */
  private static Map<String, String> context(UnitState.Standing x) {
    Map<String, String> context = new HashMap<>(2 * RollupRow.SEGMENT_ATTRIBUTES.size());
    for (int i = 0; i < RollupRow.SEGMENT_ATTRIBUTES.size(); i++) {
      context.put(RollupRow.SEGMENT_ATTRIBUTES.get(i), x.segments.get(i));
    }
    return context;
  }

  private static double[] x(UnitState.Standing x, String metric, Map<String, String> context) {
    return LAYOUT.encode(x.pre.getOrDefault(metric, 0.0), context);
  }
}
