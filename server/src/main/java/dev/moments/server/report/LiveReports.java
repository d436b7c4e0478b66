package dev.moments.server.report;

import dev.moments.server.domain.InvalidException;
import dev.moments.server.domain.NotFoundException;
import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.Moment;
import dev.moments.server.experiment.TargetingAttributes;
import dev.moments.server.experiment.Variant;
import dev.moments.server.rollup.RollupReader;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.TestMethod;
import dev.moments.server.store.ExperimentStore;
import dev.moments.server.store.MomentStore;
import dev.moments.server.store.SequentialLooks;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Reads what a report is built from (the experiment, its moment, its rollups) and builds it; the
 * report route and the decision watcher both ask here, so both see the same decision.
 */
public final class LiveReports {
  private final ExperimentStore experiments;
  private final MomentStore moments;
  private final RollupReader rollups;
  private final Clock clock;
  private final TargetingAttributes attributes;
  private final LookRecorder looks;
  private final ChangingSplitReader splits;

  /**
   * @param attributes the attributes visitors are known to carry: targeting on another one is
   *     reported in {@code warnings}
   * @param looks a group-sequential look is recorded here when first taken (by a report read or the
   *     decision watcher) and every later report keeps it as taken
   */
  public LiveReports(
      ExperimentStore experiments,
      MomentStore moments,
      RollupReader rollups,
      Clock clock,
      TargetingAttributes attributes,
      SequentialLooks looks) {
    this.experiments = experiments;
    this.moments = moments;
    this.rollups = rollups;
    this.clock = clock;
    this.attributes = attributes;
    this.looks = new LookRecorder(Objects.requireNonNull(looks, "looks"), clock);
    this.splits = new ChangingSplitReader(experiments, rollups);
  }

  /** The report of {@code key}, by {@code segment} (nullable; an attribute the caller checked). */
  public Future<JsonObject> build(String key, String segment) {
    return build(key, segment, null);
  }

  /**
   * @param segment nullable; a segment attribute the caller has checked
   * @param range nullable; with it, the report of the units first exposed in the range (no segment)
   */
  public Future<JsonObject> build(String key, String segment, ReportRange range) {
    Future<ReportBuilder.AdSegment> adSegment =
        segment != null && segment.startsWith(RollupRow.AD_SEGMENT_PREFIX)
            ? adSegment(segment.substring(RollupRow.AD_SEGMENT_PREFIX.length()))
            : Future.succeededFuture();
    LocalDate today = today();
    return adSegment.compose(
        split ->
            experiments
                .get(key)
                .compose(
                    experiment ->
                        moments
                            .get(experiment.moment())
                            .compose(
                                moment ->
                                    build(experiment, moment, segment, split, range, today))));
  }

  private Future<JsonObject> build(
      Experiment experiment,
      Moment moment,
      String segment,
      ReportBuilder.AdSegment split,
      ReportRange range,
      LocalDate today) {
    Future<JsonObject> whole = build(experiment, moment, segment, split);
    LocalDate to = range == null || range.to() == null ? today : range.to();
    Future<JsonObject> report =
        range == null
            ? whole
            : Future.all(whole, inRange(experiment, moment, range, to, today))
                .map(
                    both ->
                        both.<JsonObject>resultAt(1)
                            .put(
                                "decision",
                                both.<JsonObject>resultAt(0).getJsonObject("decision")));
    return report.compose(r -> withDaily(r, experiment, moment, to));
  }

  /** The report without a segment, as the decision watcher reads it. */
  public Future<JsonObject> build(Experiment experiment) {
    return moments
        .get(experiment.moment())
        .compose(moment -> build(experiment, moment, null, null));
  }

  /**
   * The clock a report on {@code today} reads windows at: now, or the end of {@code today} when the
   * report ends earlier (a range up to a past day).
   */
  private Instant reportClock(LocalDate today) {
    Instant now = clock.instant();
    Instant endOfDay = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return endOfDay.isBefore(now) ? endOfDay : now;
  }

  private LocalDate today() {
    return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
  }

  private Future<JsonObject> build(
      Experiment experiment, Moment moment, String segment, ReportBuilder.AdSegment split) {
    if (experiment.stats().method() != TestMethod.GROUP_SEQUENTIAL) {
      return build(experiment, moment, segment, split, null);
    }
    return looks.report(experiment.key(), book -> build(experiment, moment, segment, split, book));
  }

  private Future<JsonObject> build(
      Experiment experiment,
      Moment moment,
      String segment,
      ReportBuilder.AdSegment split,
      LookBook book) {
    LocalDate today = today();
    return report(
        experiment,
        moment,
        () -> rollups.rows(experiment.key(), segment),
        () -> splits.read(experiment, LocalDate.EPOCH, today, reportClock(today)),
        today,
        segment,
        split,
        book);
  }

  /** The units first exposed in the range, their events up to its end; the timeline in it. */
  private Future<JsonObject> inRange(
      Experiment experiment, Moment moment, ReportRange range, LocalDate to, LocalDate today) {
    LocalDate from =
        range.from() != null
            ? range.from()
            : experiment.startedAt() != null
                ? experiment.startedAt().atZone(ZoneOffset.UTC).toLocalDate()
                : LocalDate.EPOCH;
    LocalDate end = to.isAfter(today) ? today : to;
    return report(
            experiment,
            moment,
            () -> rollups.cohortRows(experiment.key(), from, end),
            () -> splits.read(experiment, from, end, reportClock(end)),
            end,
            null,
            null,
            null)
        .map(
            r -> {
              JsonArray timeline = new JsonArray();
              r.getJsonArray("timeline").stream()
                  .map(JsonObject.class::cast)
                  .filter(p -> !LocalDate.parse(p.getString("date")).isBefore(from))
                  .forEach(timeline::add);
              return r.put("timeline", timeline)
                  .put(
                      "range",
                      new JsonObject().put("from", from.toString()).put("to", end.toString()));
            });
  }

  private Future<JsonObject> report(
      Experiment experiment,
      Moment moment,
      Supplier<Future<List<RollupRow>>> rows,
      Supplier<Future<ChangingSplitInput>> changing,
      LocalDate today,
      String segment,
      ReportBuilder.AdSegment split,
      LookBook book) {
    // the watermark first: the rows read after it hold at least what it promises
    return rollups
        .foldWatermark()
        .compose(
            watermark ->
                Future.all(
                        rows.get(),
                        experiments.declaredMetrics(),
                        changing.get(),
                        rollups.refusedEvents(experiment.key()))
                    .compose(
                        read ->
                            offEventLoop(
                                    () ->
                                        ReportBuilder.build(
                                                ReportInput.of(
                                                        ReportSpecs.of(experiment, moment.stage()),
                                                        read.resultAt(0),
                                                        today)
                                                    // a window closed after the watermark may
                                                    // still have events in the inbox
                                                    .at(watermark.completeAt(reportClock(today)))
                                                    .withSegment(segment)
                                                    .withDeclaredMetrics(
                                                        read.<Map<String, ?>>resultAt(1).keySet())
                                                    .withAd(split)
                                                    .withSplit(read.<ChangingSplitInput>resultAt(2))
                                                    .withLooks(book))
                                            .put("dataAsOf", watermark.dataAsOf().toString()))
                                .map(r -> RefusedInHealth.add(r, read.<Long>resultAt(3))))
                    .map(report -> withAttributeWarnings(report, experiment)));
  }

  /**
   * Each timeline day's cohort: the units first exposed that day and the primary metric over them.
   */
  private Future<JsonObject> withDaily(
      JsonObject report, Experiment experiment, Moment moment, LocalDate to) {
    return rollups
        .cohortTotals(experiment.key(), to)
        .map(
            cohorts -> {
              TimelineJson.addDaily(
                  report.getJsonArray("timeline"),
                  ReportSpecs.of(experiment, moment.stage()),
                  cohorts);
              return report;
            });
  }

  private JsonObject withAttributeWarnings(JsonObject report, Experiment experiment) {
    if (experiment.targeting() != null) {
      report
          .getJsonArray("warnings")
          .addAll(attributes.warnings(experiment.targeting(), clock.instant()));
    }
    return report;
  }

  /**
   * A group-sequential report computes each comparison's boundaries (milliseconds a design, a first
   * plan's inflation factor up to a second before the JIT warms up): on a worker thread, not the
   * event loop. Called outside Vert.x (a test), it runs here.
   */
  static Future<JsonObject> offEventLoop(Callable<JsonObject> build) {
    Context context = Vertx.currentContext();
    if (context == null) {
      try {
        return Future.succeededFuture(build.call());
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
    return context.executeBlocking(build, false);
  }

  /** The ad experiment named by {@code ?segment=ad:<key>}; it must exist and be one. */
  private Future<ReportBuilder.AdSegment> adSegment(String adKey) {
    InvalidException notAd =
        InvalidException.field(
            "segment",
            "segment ad:" + adKey + " must name an ad experiment (every variant of kind ad).");
    return experiments
        .get(adKey)
        .recover(
            missing ->
                missing instanceof NotFoundException
                    ? Future.failedFuture(notAd)
                    : Future.failedFuture(missing))
        .compose(
            e ->
                e.isAdExperiment()
                    ? Future.succeededFuture(
                        new ReportBuilder.AdSegment(
                            e.key(), e.variants().stream().map(Variant::key).toList()))
                    : Future.failedFuture(notAd));
  }
}
