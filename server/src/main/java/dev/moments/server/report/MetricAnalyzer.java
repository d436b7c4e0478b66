package dev.moments.server.report;

import dev.moments.server.experiment.Metric;
import dev.moments.server.experiment.MetricWindow;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.Correction;
import dev.moments.server.stats.LiftCalculator;
import dev.moments.server.stats.LiftResult;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.SampleStats;
import dev.moments.server.stats.TestMethod;
import dev.moments.server.stats.TestSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Computes the per-variant statistics and comparisons of each metric of one slice. With a
 * group-sequential method every comparison also gets its monitor's reading ({@link
 * SequentialComparison}): significance is a crossing at a look, not a p-value.
 */
final class MetricAnalyzer {

  private final ExperimentSpec spec;
  private final TestSettings settings;
  private final List<LocalDate> days;
  private final Instant now;

  /** The group-sequential monitors' readings of the comparisons. */
  private final SequentialReadings readings;

  /**
   * @param book nullable; with it, the looks recorded in it stay as taken and the looks taken now
   *     are added to it
   */
  MetricAnalyzer(
      ExperimentSpec spec,
      TestSettings settings,
      List<LocalDate> days,
      Plan plan,
      LocalDate today,
      Instant now,
      LookBook book) {
    this.spec = spec;
    this.settings = settings;
    this.days = days;
    this.now = now;
    // the first day that is no look: today (its data are live), or an earlier day whose events the
    // fold does not have yet (now is the instant up to which the fold has all data)
    LocalDate complete = LocalDate.ofInstant(now, ZoneOffset.UTC);
    this.readings =
        new SequentialReadings(spec, plan, days, complete.isBefore(today) ? complete : today, book);
  }

  /**
   * The last exposure day all of whose units' windows have closed by {@code at}: a unit first
   * exposed on day D is done by D + 1 day + end at the latest, so day D is in when that is at or
   * before {@code at}.
   */
  static LocalDate closedThrough(MetricWindow window, Instant at) {
    return LocalDate.ofInstant(at.minus(window.end()), ZoneOffset.UTC).minusDays(1);
  }

  /**
   * The metric's sample of one variant: everything recorded, or for a windowed metric (rows dated
   * by exposure day) the units whose window has closed by {@code at} alone: a maturing unit would
   * look like a non-converter.
   */
  static SampleStats matured(Metric metric, RollupCube cube, String variant, Instant at) {
    MetricWindow window = metric.window();
    return window == null
        ? cube.sample(metric, variant)
        : cube.samples(metric, variant, List.of(closedThrough(window, at)))[0];
  }

  /**
   * The days up to which the metric's rows are summed at each look: the look's day itself, or for a
   * windowed metric (rows dated by exposure day) the last exposure day closed at that look, so a
   * unit enters the statistics, and the sequential information, only once its window has closed.
   */
  private List<LocalDate> sampleDays(MetricSpec metric) {
    MetricWindow window = metric.metric().window();
    if (window == null) {
      return days;
    }
    List<LocalDate> through = new ArrayList<>(days.size());
    for (LocalDate day : days) {
      Instant endOfDay = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      through.add(closedThrough(window, endOfDay.isBefore(now) ? endOfDay : now));
    }
    return through;
  }

  private boolean groupSequential() {
    return spec.stats().method() == TestMethod.GROUP_SEQUENTIAL;
  }

  private boolean cuped() {
    return spec.stats().cuped();
  }

  /** The comparison the report shows: CUPED's when the experiment uses it, else the plain one. */
  private LiftResult compare(
      SampleStats control, SampleStats treatment, MetricType type, boolean nonNegative) {
    LiftResult lift = LiftCalculator.compare(control, treatment, type, settings, nonNegative);
    return cuped()
        ? CupedReading.of(control, treatment, lift, type, settings, nonNegative).lift()
        : lift;
  }

  List<MetricResult> analyzeAll(RollupCube cube) {
    return spec.metrics().stream().map(metric -> analyze(metric, cube)).toList();
  }

  MetricResult analyze(MetricSpec metric, RollupCube cube) {
    List<MetricResult.VariantSummary> variants = summaries(metric, cube);
    boolean primary = metric.role() == MetricRole.PRIMARY;
    Correction correction = primary ? spec.stats().correction() : Correction.NONE;
    Map<String, SampleStats[]> samples =
        primary || settings.sequential() || groupSequential()
            ? dailySamples(metric, cube)
            : Map.of();
    Map<String, SequentialComparison> sequential =
        groupSequential() ? readings.of(metric, samples, correction) : Map.of();
    boolean nonNegative = nonNegative(metric, cube);
    List<MetricResult.DailyPoint> daily =
        samples.isEmpty() ? List.of() : daily(metric, samples, sequential, nonNegative);
    List<MetricResult.Comparison> comparisons =
        comparisons(metric, variants, daily, sequential, correction, nonNegative);
    List<MetricResult.DailyPoint> kept = primary ? daily : List.of();
    return new MetricResult(
        metric, correction.name().toLowerCase(Locale.ROOT), variants, comparisons, kept);
  }

  /** Each variant's matured sample of the metric, and for a windowed one its maturing units. */
  private List<MetricResult.VariantSummary> summaries(MetricSpec metric, RollupCube cube) {
    List<MetricResult.VariantSummary> variants = new ArrayList<>();
    MetricWindow window = metric.metric().window();
    for (VariantSpec variant : spec.variants()) {
      SampleStats sample = matured(metric.metric(), cube, variant.key(), now);
      if (window == null) {
        variants.add(new MetricResult.VariantSummary(variant.key(), sample));
        continue;
      }
      long maturing = cube.total(RollupRow.UNITS, variant.key()).n() - sample.n();
      variants.add(new MetricResult.VariantSummary(variant.key(), sample, maturing));
    }
    return variants;
  }

  /**
   * Each treatment against the control: its lift (CUPED's when the experiment uses it) and its
   * significance, the monitor's crossing under a group-sequential method, else the corrected
   * p-value's.
   */
  private List<MetricResult.Comparison> comparisons(
      MetricSpec metric,
      List<MetricResult.VariantSummary> variants,
      List<MetricResult.DailyPoint> daily,
      Map<String, SequentialComparison> sequential,
      Correction correction,
      boolean nonNegative) {
    SampleStats control = sampleOf(variants, spec.control());
    List<String> keys = new ArrayList<>();
    List<LiftResult> lifts = new ArrayList<>();
    List<Double> pValues = new ArrayList<>();
    Map<String, CupedReading> readings = new HashMap<>();
    for (MetricResult.VariantSummary variant : variants) {
      if (variant.key().equals(spec.control())) {
        continue;
      }
      LiftResult lift =
          LiftCalculator.compare(control, variant.sample(), metric.type(), settings, nonNegative);
      if (cuped()) {
        CupedReading reading =
            CupedReading.of(control, variant.sample(), lift, metric.type(), settings, nonNegative);
        readings.put(variant.key(), reading);
        lift = reading.lift();
      }
      keys.add(variant.key());
      lifts.add(lift);
      pValues.add(
          lift.ok() && !groupSequential() ? finalPValue(lift, daily, variant.key()) : Double.NaN);
    }
    return FixedHorizonComparisons.withCuped(
        groupSequential()
            ? SequentialReadings.comparisons(keys, lifts, sequential, metric.direction())
            : FixedHorizonComparisons.adjust(
                keys, lifts, pValues, correction, metric.direction(), settings.alpha()),
        readings);
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

  /** Each variant's cumulative sample of the metric at the end of each day. */
  private Map<String, SampleStats[]> dailySamples(MetricSpec metric, RollupCube cube) {
    Map<String, SampleStats[]> samples = new LinkedHashMap<>();
    for (VariantSpec variant : spec.variants()) {
      samples.put(variant.key(), cube.samples(metric.metric(), variant.key(), sampleDays(metric)));
    }
    return samples;
  }

  private List<MetricResult.DailyPoint> daily(
      MetricSpec metric,
      Map<String, SampleStats[]> samples,
      Map<String, SequentialComparison> sequential,
      boolean nonNegative) {
    List<MetricResult.DailyPoint> points = new ArrayList<>(days.size());
    // always-valid: running minimum of the p-value over the looks so far
    Map<String, Double> shown = new LinkedHashMap<>();
    for (int i = 0; i < days.size(); i++) {
      Map<String, Long> dayUnits = new LinkedHashMap<>();
      Map<String, LiftResult> dayLifts = new LinkedHashMap<>();
      Map<String, SequentialComparison.LookPoint> looks = new LinkedHashMap<>();
      SampleStats control = samples.get(spec.control())[i];
      for (VariantSpec variant : spec.variants()) {
        SampleStats sample = samples.get(variant.key())[i];
        dayUnits.put(variant.key(), sample.n());
        if (variant.key().equals(spec.control())) {
          continue;
        }
        LiftResult lift = compare(control, sample, metric.type(), nonNegative);
        dayLifts.put(variant.key(), lift);
        SequentialComparison s = sequential.get(variant.key());
        if (s != null && s.looks().containsKey(i)) {
          looks.put(variant.key(), s.looks().get(i));
        }
        if (lift.ok() && !groupSequential()) {
          shown.merge(variant.key(), lift.relative().pValue(), Math::min);
        }
      }
      points.add(
          new MetricResult.DailyPoint(days.get(i), dayUnits, dayLifts, Map.copyOf(shown), looks));
      if (!settings.sequential()) {
        shown.clear(); // fixed horizon: each day shows its own p-value, no running minimum
      }
    }
    return points;
  }

  /**
   * Whether every unit's value on the metric is >= 0: always for rates, for a mean metric when no
   * unit of any arm has a negative total ({@code $negative:} rows); a ratio keeps its symmetric
   * interval.
   */
  private boolean nonNegative(MetricSpec metric, RollupCube cube) {
    if (metric.type() != MetricType.MEAN) {
      return metric.type() == MetricType.BINOMIAL;
    }
    return spec.variants().stream()
        .allMatch(v -> cube.total(RollupRow.NEGATIVE_PREFIX + metric.key(), v.key()).n() == 0);
  }

  private static SampleStats sampleOf(List<MetricResult.VariantSummary> variants, String key) {
    return variants.stream().filter(v -> v.key().equals(key)).findFirst().orElseThrow().sample();
  }
}
