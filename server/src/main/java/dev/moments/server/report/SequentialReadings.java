package dev.moments.server.report;

import dev.moments.server.experiment.Direction;
import dev.moments.server.stats.Correction;
import dev.moments.server.stats.LiftEstimate;
import dev.moments.server.stats.LiftResult;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.SampleStats;
import dev.moments.server.stats.SequentialMonitor;
import dev.moments.server.stats.Spending;
import dev.moments.server.store.SequentialLooks;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The group-sequential readings of one slice's comparisons ({@link MetricAnalyzer}'s): each
 * treatment's monitor against the control at the looks so far, the looks recorded before kept as
 * taken and the ones taken now added to the book.
 */
final class SequentialReadings {
  private final ExperimentSpec spec;
  private final Plan plan;
  private final List<LocalDate> days;
  private final boolean cuped;

  /**
   * The first day that is no look: today (its data are live), or an earlier day whose events the
   * fold does not have yet.
   */
  private final LocalDate firstNoLook;

  /** The looks taken before and now; null: none is recorded (a segment, a date range). */
  private final LookBook book;

  /** One monitor per comparison and level: metrics of a comparison share their looks' design. */
  private final Map<String, SequentialMonitor> monitors = new HashMap<>();

  SequentialReadings(
      ExperimentSpec spec, Plan plan, List<LocalDate> days, LocalDate firstNoLook, LookBook book) {
    this.spec = spec;
    this.plan = plan;
    this.days = days;
    this.cuped = spec.stats().cuped();
    this.firstNoLook = firstNoLook;
    this.book = book;
  }

  /**
   * Each look's lift: CUPED's adjusted one where it can adjust, else the plain one with the reason.
   */
  private List<SequentialComparison.LookLift> lookLifts(
      SampleStats[] control, SampleStats[] treatment, MetricType type) {
    List<SequentialComparison.LookLift> lifts = new ArrayList<>();
    // a look on a day still partly in the inbox would read half a day as the whole one
    for (int d = 0; d < days.size() && days.get(d).isBefore(firstNoLook); d++) {
      String fallback = cuped ? CupedReading.lookFallback(control[d], treatment[d]) : null;
      LiftEstimate adjusted =
          cuped && fallback == null ? CupedReading.estimate(control[d], treatment[d]) : null;
      lifts.add(
          new SequentialComparison.LookLift(
              adjusted != null ? adjusted : LiftEstimate.between(control[d], treatment[d], type),
              fallback));
    }
    return lifts;
  }

  /**
   * Each treatment's monitor reading against the control, at the design level of its metric: alpha
   * / comparisons for the primary metric under holm or bh, alpha otherwise.
   */
  Map<String, SequentialComparison> of(
      MetricSpec metric, Map<String, SampleStats[]> samples, Correction correction) {
    double alpha =
        SequentialMonitor.comparisonAlpha(
            spec.stats().alpha(), spec.variants().size() - 1, correction);
    Map<String, SequentialComparison> result = new LinkedHashMap<>();
    for (VariantSpec variant : spec.variants()) {
      if (variant.key().equals(spec.control())) {
        continue;
      }
      SequentialComparison s = comparison(metric, variant.key(), samples, alpha);
      result.put(variant.key(), s);
    }
    return result;
  }

  /**
   * One treatment's reading. A design is fixed by its first look: an edit after it is refused
   * (FrozenDesign), and one racing the look (or a correction that now divides by more arms) applies
   * only to comparisons that have not looked yet.
   */
  private SequentialComparison comparison(
      MetricSpec metric, String variant, Map<String, SampleStats[]> samples, double alpha) {
    List<SequentialLooks.Look> recorded =
        book == null ? List.of() : book.recorded(metric.key(), variant);
    double level = recorded.isEmpty() ? alpha : recorded.get(0).alpha();
    Spending spending =
        recorded.isEmpty()
            ? spec.stats().spending()
            : Spending.ofApiName(recorded.get(0).spending());
    SequentialMonitor monitor =
        monitors.computeIfAbsent(
            variant + "@" + level + "@" + spending, k -> new SequentialMonitor(level, spending));
    SampleStats[] control = samples.get(spec.control());
    SampleStats[] treatment = samples.get(variant);
    SequentialComparison s =
        SequentialComparison.of(
            monitor,
            plan.fallback()
                ? OptionalDouble.empty()
                : OptionalDouble.of(plan.comparisonUnits(spec, variant)),
            days,
            control,
            treatment,
            lookLifts(control, treatment, metric.type()),
            recorded,
            new SequentialComparison.Design(
                metric.key(), variant, level, spending, book == null ? null : book.now()));
    if (book != null) {
      book.take(s.newLooks());
    }
    return s;
  }

  /** The comparisons as the monitors read them: significant is a crossing at a look. */
  static List<MetricResult.Comparison> comparisons(
      List<String> keys,
      List<LiftResult> lifts,
      Map<String, SequentialComparison> sequential,
      Direction direction) {
    List<MetricResult.Comparison> comparisons = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      SequentialComparison s = sequential.get(keys.get(i));
      comparisons.add(
          new MetricResult.Comparison(
              keys.get(i), lifts.get(i), Double.NaN, Double.NaN, s.decided(), direction, s));
    }
    return comparisons;
  }
}
