package dev.moments.server.report;

import dev.moments.server.domain.InvalidException;
import dev.moments.server.domain.NotFoundException;
import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.Variant;
import dev.moments.server.rollup.RollupReader;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.store.ExperimentStore;
import dev.moments.server.store.MomentStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Reads what a report is built from (the experiment, its moment, its rollups) and builds it; the
 * report route and the decision watcher both ask here, so both see the same decision.
 */
public final class LiveReports {
  private final ExperimentStore experiments;
  private final MomentStore moments;
  private final RollupReader rollups;
  private final Clock clock;

  public LiveReports(
      ExperimentStore experiments, MomentStore moments, RollupReader rollups, Clock clock) {
    this.experiments = experiments;
    this.moments = moments;
    this.rollups = rollups;
    this.clock = clock;
  }

  /**
   * @param segment nullable; a segment attribute the caller has checked
   */
  public Future<JsonObject> build(String key, String segment) {
    Future<ReportBuilder.AdSegment> adSegment =
        segment != null && segment.startsWith(RollupRow.AD_SEGMENT_PREFIX)
            ? adSegment(segment.substring(RollupRow.AD_SEGMENT_PREFIX.length()))
            : Future.succeededFuture();
    return adSegment.compose(
        split -> experiments.get(key).compose(experiment -> build(experiment, segment, split)));
  }

  /** The report without a segment, as the decision watcher reads it. */
  public Future<JsonObject> build(Experiment experiment) {
    return build(experiment, null, null);
  }

  private Future<JsonObject> build(
      Experiment experiment, String segment, ReportBuilder.AdSegment split) {
    LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    return moments
        .get(experiment.moment())
        .compose(
            moment ->
                Future.all(rollups.rows(experiment.key(), segment), experiments.declaredMetrics())
                    .compose(
                        both ->
                            offEventLoop(
                                () ->
                                    ReportBuilder.build(
                                        ReportSpecs.of(experiment, moment.stage()),
                                        both.resultAt(0),
                                        today,
                                        segment,
                                        both.<Map<String, ?>>resultAt(1).keySet(),
                                        split))));
  }

  /**
   * A group-sequential report computes each comparison's boundaries (milliseconds a design, a first
   * plan's inflation factor up to a second before the JIT warms up): on a worker thread, not the
   * event loop. Called outside Vert.x (a test), it runs here.
   */
  private static Future<JsonObject> offEventLoop(Callable<JsonObject> build) {
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
