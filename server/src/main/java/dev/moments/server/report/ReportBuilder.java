package dev.moments.server.report;

import dev.moments.server.events.Exclusion;
import dev.moments.server.experiment.StatsSettings;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.SampleRatio;
import dev.moments.server.stats.TestMethod;
import dev.moments.server.stats.TestSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Builds the contract's {@code GET /api/v1/experiments/{key}/report} body from the experiment and
 * its rollup rows. Pure: no I/O, no clock ({@code today} is the last day of the timeline).
 */
public final class ReportBuilder {

  private ReportBuilder() {}

  /**
   * The ad experiment a landing experiment's report is split by ({@code ?segment=ad:<key>}).
   *
   * @param variants its variant keys, in declaration order
   */
  public record AdSegment(String experiment, List<String> variants) {
    public String attribute() {
      return RollupRow.AD_SEGMENT_PREFIX + experiment;
    }
  }

  /** The report of {@code in} (see {@link ReportInput} for its parts). */
  public static JsonObject build(ReportInput in) {
    ExperimentSpec spec = in.spec();
    List<RollupRow> rows = in.rows();
    LocalDate today = in.today();
    Instant now = in.now();
    ChangingSplitInput split = in.split();
    RollupCube overall = RollupCube.slices(rows, "").getOrDefault("", new RollupCube(List.of()));
    MetricSpec primarySpec = spec.primaryMetric();
    // a windowed primary plans from its matured units: maturing ones would lower the baseline
    Plan plan =
        Plan.of(spec, MetricAnalyzer.matured(primarySpec.metric(), overall, spec.control(), now));
    TestSettings settings = plan.testSettings(spec.stats());
    MetricAnalyzer analyzer =
        new MetricAnalyzer(
            spec, settings, timelineDays(spec, overall, today), plan, today, now, in.looks());
    ChangingSplitInput changing = split != null && split.applies() ? split : null;
    Section section = Section.of(spec, overall, analyzer, changing);
    MetricResult primary = section.metrics().get(0);

    JsonObject report =
        new JsonObject()
            .put("experiment", spec.key())
            .put("status", spec.status().wire())
            .put("moment", spec.moment())
            .put("stage", spec.stage());
    section.writeTo(report);
    report.put("funnel", FunnelJson.funnel(spec, overall));
    report.put(
        "timeline",
        TimelineJson.timeline(
            primary, spec.control(), spec.stats().method() == TestMethod.GROUP_SEQUENTIAL));
    report.put("health", health(spec, overall, section));
    report.put("decision", decision(spec, plan, section, overall));
    if (changing != null) {
      report.put("changingSplit", ChangingSplit.section(spec, changing, today, now, report));
    }
    report.put(
        "warnings",
        Warnings.of(spec, overall, in.declaredMetrics())
            .addAll(Warnings.guardrailsWithoutData(guardrails(section))));
    report.put("stats", settingsJson(spec, settings, plan));
    report.put("segmentAttributes", new JsonArray(new ArrayList<>(RollupRow.SEGMENT_ATTRIBUTES)));
    putSegments(report, in, settings, plan, changing);
    return report;
  }

  /** The whole experiment's decision: its primary metric's, vetoed by guardrails and the split. */
  private static JsonObject decision(
      ExperimentSpec spec, Plan plan, Section section, RollupCube overall) {
    return Decision.decide(
        new Decision.Input(
            spec,
            plan,
            section.metrics().get(0),
            guardrails(section),
            section.srmPValue(),
            section.totalUnits(),
            overall.dailyUnits()));
  }

  /**
   * The segments asked for, if any: by an attribute, or by the ad that brought the units, with the
   * message match. A segment decides nothing.
   */
  private static void putSegments(
      JsonObject report,
      ReportInput in,
      TestSettings settings,
      Plan plan,
      ChangingSplitInput changing) {
    ExperimentSpec spec = in.spec();
    List<RollupRow> rows = in.rows();
    AdSegment ad = in.ad();
    String attribute = ad != null ? ad.attribute() : in.segmentAttribute();
    if (attribute == null || attribute.isBlank()) {
      return;
    }
    report.put(
        "segments",
        segments(spec, rows, attribute, settings, plan, in.today(), changing, in.now()));
    if (ad != null) {
      report.put(
          "messageMatch",
          MessageMatch.json(
              spec,
              RollupCube.slices(rows, attribute),
              ad.experiment(),
              ad.variants(),
              changing != null));
    }
  }

  /** From the start date (or the first day with rows) to today, inclusive. */
  static List<LocalDate> timelineDays(ExperimentSpec spec, RollupCube overall, LocalDate today) {
    LocalDate first = spec.startDate() != null ? spec.startDate() : overall.firstDay();
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate day = first; day != null && !day.isAfter(today); day = day.plusDays(1)) {
      days.add(day);
    }
    return days;
  }

  private static List<MetricResult> guardrails(Section section) {
    return section.metrics().stream()
        .filter(m -> m.metric().role() == MetricRole.GUARDRAIL)
        .toList();
  }

  private static JsonObject health(ExperimentSpec spec, RollupCube overall, Section section) {
    long multiple = 0;
    long forced = 0;
    for (VariantSpec variant : spec.variants()) {
      multiple += overall.total(RollupRow.MULTIPLE, variant.key()).n();
      forced += overall.total(RollupRow.FORCED, variant.key()).n();
    }
    JsonObject health =
        new JsonObject()
            .put("multipleExposures", multiple)
            .put("forcedExposures", forced)
            .put("unitsInStatistics", section.totalUnits());
    long excluded = 0;
    for (Exclusion reason : Exclusion.values()) {
      long events = overall.total(reason.metric(), "").n();
      health.put(reason.wire(), events);
      excluded += events;
    }
    health.put("excludedEvents", excluded);
    section.srmPValue().ifPresent(p -> health.put("srmPValue", p));
    return health.put("srmOk", section.srmOk());
  }

  private static JsonObject settingsJson(ExperimentSpec spec, TestSettings settings, Plan plan) {
    StatsSettings stats = spec.stats();
    JsonObject json =
        new JsonObject()
            .put("alpha", stats.alpha())
            .put("power", stats.power())
            .put("mde", stats.mde())
            .put("method", stats.method().apiName())
            .put("sequential", stats.sequential())
            .put("correction", stats.correction().name().toLowerCase(Locale.ROOT))
            .put("varianceReduction", stats.varianceReduction().apiName())
            .put("lookbackDays", stats.lookbackDays());
    if (stats.method() == TestMethod.GROUP_SEQUENTIAL) {
      return json.put("spending", stats.spending().apiName())
          .put("comparisonAlpha", Plan.designAlpha(spec))
          .put("inflationFactor", Plan.design(spec).inflationFactor());
    }
    return settings.sequential()
        ? json.put("sequentialTuningUnits", settings.plannedTotalUnits())
        : json;
  }

  private static JsonArray segments(
      ExperimentSpec spec,
      List<RollupRow> rows,
      String attribute,
      TestSettings settings,
      Plan plan,
      LocalDate today,
      ChangingSplitInput changing,
      Instant now) {
    JsonArray segments = new JsonArray();
    boolean daily = spec.stats().sequential();
    for (Map.Entry<String, RollupCube> slice : RollupCube.slices(rows, attribute).entrySet()) {
      List<LocalDate> days = timelineDays(spec, slice.getValue(), today);
      // a segment decides nothing, so its looks are read from its data each time, never recorded
      MetricAnalyzer analyzer =
          new MetricAnalyzer(spec, settings, daily ? days : List.of(), plan, today, now, null);
      JsonObject segment =
          new JsonObject().put("attribute", attribute).put("value", slice.getKey());
      Section.of(spec, slice.getValue(), analyzer, changing).writeTo(segment);
      segments.add(segment);
    }
    return segments;
  }

  /** Variants, sample-ratio check and metrics of one slice (overall or one segment value). */
  /**
   * @param expected what the split should be, on any scale: the weights, or with a changing split
   *     each variant's expected units ({@link ChangingSplit#expectedUnits})
   */
  private record Section(
      ExperimentSpec spec,
      long[] units,
      double[] expected,
      OptionalDouble srmPValue,
      List<MetricResult> metrics) {

    static Section of(
        ExperimentSpec spec,
        RollupCube cube,
        MetricAnalyzer analyzer,
        ChangingSplitInput changing) {
      long[] units =
          spec.variants().stream()
              .mapToLong(v -> cube.total(RollupRow.UNITS, v.key()).n())
              .toArray();
      double[] expected =
          changing == null
              ? spec.variants().stream().mapToDouble(VariantSpec::weight).toArray()
              : ChangingSplit.expectedUnits(spec, cube, changing);
      long[] clamped = Arrays.stream(units).map(u -> Math.max(0, u)).toArray();
      OptionalDouble srm =
          Arrays.stream(expected).sum() > 0
              ? SampleRatio.pValue(clamped, expected)
              : OptionalDouble.empty();
      return new Section(spec, units, expected, srm, analyzer.analyzeAll(cube));
    }

    long totalUnits() {
      return Arrays.stream(units).sum();
    }

    boolean srmOk() {
      return srmPValue.isEmpty() || !SampleRatio.mismatch(srmPValue.getAsDouble());
    }

    void writeTo(JsonObject json) {
      JsonArray variants = new JsonArray();
      double totalWeight = Arrays.stream(expected).sum();
      for (int i = 0; i < units.length; i++) {
        VariantSpec variant = spec.variants().get(i);
        JsonObject v = new JsonObject().put("key", variant.key()).put("units", units[i]);
        MetricJson.put(v, "expectedShare", expected[i] / totalWeight);
        MetricJson.put(v, "observedShare", (double) units[i] / totalUnits());
        variants.add(v);
      }
      JsonObject srm = new JsonObject().put("ok", srmOk());
      srmPValue.ifPresentOrElse(
          p -> srm.put("pValue", p), () -> srm.put("error", MetricJson.NO_UNITS));
      JsonArray metricsJson = new JsonArray();
      metrics.forEach(m -> metricsJson.add(MetricJson.metric(m, spec.control())));
      json.put("variants", variants).put("srm", srm).put("metrics", metricsJson);
    }
  }
}
