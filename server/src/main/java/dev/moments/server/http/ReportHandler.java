package dev.moments.server.http;

import dev.moments.server.domain.InvalidException;
import dev.moments.server.domain.Keys;
import dev.moments.server.domain.NotFoundException;
import dev.moments.server.experiment.Variant;
import dev.moments.server.report.ReportBuilder;
import dev.moments.server.report.ReportCsv;
import dev.moments.server.report.ReportSpecs;
import dev.moments.server.rollup.RollupReader;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.store.ExperimentStore;
import dev.moments.server.store.MomentStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * GET /api/v1/experiments/{key}/report and report.csv: built from the rollups, never from raw
 * events.
 */
final class ReportHandler {
  private final ExperimentStore experiments;
  private final MomentStore moments;
  private final RollupReader rollups;
  private final Clock clock;

  ReportHandler(
      ExperimentStore experiments, MomentStore moments, RollupReader rollups, Clock clock) {
    this.experiments = experiments;
    this.moments = moments;
    this.rollups = rollups;
    this.clock = clock;
  }

  void json(RoutingContext ctx) {
    Responses.reply(ctx, 200, report(ctx));
  }

  void csv(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    report(ctx)
        .onSuccess(
            report ->
                ctx.response()
                    .putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader(
                        "Content-Disposition", "attachment; filename=\"" + key + "-report.csv\"")
                    .end(ReportCsv.write(report)))
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> report(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    String segment = ctx.queryParams().get("segment");
    boolean ad = segment != null && segment.startsWith(RollupRow.AD_SEGMENT_PREFIX);
    // The JSON route's schema checks this too; the hand-made CSV route relies on this check.
    if (segment != null
        && !RollupRow.SEGMENT_ATTRIBUTES.contains(segment)
        && !(ad && Keys.isKey(segment.substring(RollupRow.AD_SEGMENT_PREFIX.length())))) {
      return Future.failedFuture(
          InvalidException.field(
              "segment",
              "segment must be one of "
                  + String.join(", ", RollupRow.SEGMENT_ATTRIBUTES)
                  + ", or ad:<ad experiment>."));
    }
    LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    Future<ReportBuilder.AdSegment> adSegment =
        ad
            ? adSegment(segment.substring(RollupRow.AD_SEGMENT_PREFIX.length()))
            : Future.succeededFuture();
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
                                    Future.all(
                                            rollups.rows(key, segment),
                                            experiments.declaredMetrics())
                                        .map(
                                            both ->
                                                ReportBuilder.build(
                                                    ReportSpecs.of(experiment, moment.stage()),
                                                    both.resultAt(0),
                                                    today,
                                                    segment,
                                                    both.<Map<String, ?>>resultAt(1).keySet(),
                                                    split)))));
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
