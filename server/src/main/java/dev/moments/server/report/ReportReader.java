package dev.moments.server.report;

import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.Moment;
import dev.moments.server.experiment.TargetingAttributes;
import dev.moments.server.rollup.RollupReader;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.store.ExperimentStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Reads one report's inputs (after the fold's watermark, so the rows hold at least what it
 * promises) and builds the report from them off the event loop: {@link LiveReports}' whole report
 * and its range alike.
 */
final class ReportReader {
  private final ExperimentStore experiments;
  private final RollupReader rollups;
  private final Clock clock;
  private final TargetingAttributes attributes;

  ReportReader(
      ExperimentStore experiments,
      RollupReader rollups,
      Clock clock,
      TargetingAttributes attributes) {
    this.experiments = experiments;
    this.rollups = rollups;
    this.clock = clock;
    this.attributes = attributes;
  }

  /**
   * The clock a report on {@code today} reads windows at: now, or the end of {@code today} when the
   * report ends earlier (a range up to a past day).
   */
  Instant clockOn(LocalDate today) {
    Instant now = clock.instant();
    Instant endOfDay = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return endOfDay.isBefore(now) ? endOfDay : now;
  }

  Future<JsonObject> report(
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
                                                    .at(watermark.completeAt(clockOn(today)))
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
}
