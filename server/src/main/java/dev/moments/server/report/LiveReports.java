package dev.moments.server.report;

import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.Moment;
import dev.moments.server.experiment.TargetingAttributes;
import dev.moments.server.rollup.RollupReader;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.TestMethod;
import dev.moments.server.store.ExperimentStore;
import dev.moments.server.store.MomentStore;
import dev.moments.server.store.SequentialLooks;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Reads what a report is built from (the experiment, its moment, its rollups) and builds it; the
 * report route and the decision watcher both ask here, so both see the same decision.
 */
public final class LiveReports {
  private final ExperimentStore experiments;
  private final MomentStore moments;
  private final RollupReader rollups;
  private final Clock clock;
  private final LookRecorder looks;
  private final ChangingSplitReader splits;
  private final ReportReader reader;

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
    this.looks = new LookRecorder(Objects.requireNonNull(looks, "looks"), clock);
    this.splits = new ChangingSplitReader(experiments, rollups);
    this.reader = new ReportReader(experiments, rollups, clock, attributes);
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
            ? AdSegments.named(experiments, segment.substring(RollupRow.AD_SEGMENT_PREFIX.length()))
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
    return reader.report(
        experiment,
        moment,
        () -> rollups.rows(experiment.key(), segment),
        () -> splits.read(experiment, LocalDate.EPOCH, today, reader.clockOn(today)),
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
    return reader
        .report(
            experiment,
            moment,
            () -> rollups.cohortRows(experiment.key(), from, end),
            () -> splits.read(experiment, from, end, reader.clockOn(end)),
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
}
