package dev.moments.server.report;

import dev.moments.server.experiment.Direction;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.Correction;
import dev.moments.server.stats.LiftCalculator;
import dev.moments.server.stats.LiftResult;
import dev.moments.server.stats.MultipleComparisons;
import dev.moments.server.stats.SampleStats;
import dev.moments.server.stats.TestSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Computes the per-variant statistics and comparisons of each metric of one slice. */
final class MetricAnalyzer {

  private final ExperimentSpec spec;
  private final TestSettings settings;
  private final List<LocalDate> days;

  MetricAnalyzer(ExperimentSpec spec, TestSettings settings, List<LocalDate> days) {
    this.spec = spec;
    this.settings = settings;
    this.days = days;
  }

  List<MetricResult> analyzeAll(RollupCube cube) {
    return spec.metrics().stream().map(metric -> analyze(metric, cube)).toList();
  }

  MetricResult analyze(MetricSpec metric, RollupCube cube) {
    List<MetricResult.VariantSummary> variants = new ArrayList<>();
    for (VariantSpec variant : spec.variants()) {
      SampleStats sample =
          RollupCube.sample(
              metric.type(),
              cube.total(RollupRow.UNITS, variant.key()),
              cube.total(metric.key(), variant.key()));
      variants.add(new MetricResult.VariantSummary(variant.key(), sample));
    }
    boolean primary = metric.role() == MetricRole.PRIMARY;
    List<MetricResult.DailyPoint> daily =
        primary || settings.sequential() ? daily(metric, cube) : List.of();
    SampleStats control = sampleOf(variants, spec.control());
    List<String> keys = new ArrayList<>();
    List<LiftResult> lifts = new ArrayList<>();
    List<Double> pValues = new ArrayList<>();
    for (MetricResult.VariantSummary variant : variants) {
      if (variant.key().equals(spec.control())) {
        continue;
      }
      LiftResult lift = LiftCalculator.compare(control, variant.sample(), metric.type(), settings);
      keys.add(variant.key());
      lifts.add(lift);
      pValues.add(lift.ok() ? finalPValue(lift, daily, variant.key()) : Double.NaN);
    }
    Correction correction = primary ? spec.stats().correction() : Correction.NONE;
    List<MetricResult.Comparison> comparisons =
        adjust(keys, lifts, pValues, correction, metric.direction());
    List<MetricResult.DailyPoint> kept = primary ? daily : List.of();
    return new MetricResult(
        metric, correction.name().toLowerCase(Locale.ROOT), variants, comparisons, kept);
  }

  /** Sequential: the running minimum of the always-valid p-value over the daily looks (and now). */
  private double finalPValue(LiftResult lift, List<MetricResult.DailyPoint> daily, String variant) {
    double p = lift.relative().pValue();
    if (!settings.sequential()) {
      return p;
    }
    for (MetricResult.DailyPoint point : daily) {
      Double dayP = point.pValues().get(variant);
      if (dayP != null) {
        p = Math.min(p, dayP);
      }
    }
    return p;
  }

  private List<MetricResult.Comparison> adjust(
      List<String> keys,
      List<LiftResult> lifts,
      List<Double> pValues,
      Correction correction,
      Direction direction) {
    List<Integer> testable = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (lifts.get(i).ok()) {
        testable.add(i);
      }
    }
    double[] adjusted =
        MultipleComparisons.adjust(
            testable.stream().mapToDouble(pValues::get).toArray(), correction);
    List<MetricResult.Comparison> comparisons = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      int index = testable.indexOf(i);
      double adjustedP = index < 0 ? Double.NaN : adjusted[index];
      boolean significant = index >= 0 && adjustedP < settings.alpha();
      comparisons.add(
          new MetricResult.Comparison(
              keys.get(i), lifts.get(i), pValues.get(i), adjustedP, significant, direction));
    }
    return comparisons;
  }

  private List<MetricResult.DailyPoint> daily(MetricSpec metric, RollupCube cube) {
    Map<String, SampleStats[]> units = new LinkedHashMap<>();
    Map<String, SampleStats[]> values = new LinkedHashMap<>();
    for (VariantSpec variant : spec.variants()) {
      units.put(variant.key(), cube.cumulative(RollupRow.UNITS, variant.key(), days));
      values.put(variant.key(), cube.cumulative(metric.key(), variant.key(), days));
    }
    List<MetricResult.DailyPoint> points = new ArrayList<>(days.size());
    // sequential: running minimum of the always-valid p-value over the looks so far
    Map<String, Double> shown = new LinkedHashMap<>();
    for (int i = 0; i < days.size(); i++) {
      Map<String, Long> dayUnits = new LinkedHashMap<>();
      Map<String, LiftResult> dayLifts = new LinkedHashMap<>();
      SampleStats control =
          RollupCube.sample(
              metric.type(), units.get(spec.control())[i], values.get(spec.control())[i]);
      for (VariantSpec variant : spec.variants()) {
        dayUnits.put(variant.key(), units.get(variant.key())[i].n());
        if (!variant.key().equals(spec.control())) {
          SampleStats treatment =
              RollupCube.sample(
                  metric.type(), units.get(variant.key())[i], values.get(variant.key())[i]);
          LiftResult lift = LiftCalculator.compare(control, treatment, metric.type(), settings);
          dayLifts.put(variant.key(), lift);
          if (lift.ok()) {
            shown.merge(variant.key(), lift.relative().pValue(), Math::min);
          }
        }
      }
      points.add(new MetricResult.DailyPoint(days.get(i), dayUnits, dayLifts, Map.copyOf(shown)));
      if (!settings.sequential()) {
        shown.clear(); // fixed horizon: each day shows its own p-value, no running minimum
      }
    }
    return points;
  }

  private static SampleStats sampleOf(List<MetricResult.VariantSummary> variants, String key) {
    return variants.stream().filter(v -> v.key().equals(key)).findFirst().orElseThrow().sample();
  }
}
