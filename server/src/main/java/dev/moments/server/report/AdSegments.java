package dev.moments.server.report;

import dev.moments.server.domain.InvalidException;
import dev.moments.server.domain.NotFoundException;
import dev.moments.server.experiment.Variant;
import dev.moments.server.store.ExperimentStore;
import io.vertx.core.Future;

/** The ad experiment a report's {@code ?segment=ad:<key>} splits by. */
final class AdSegments {
  private AdSegments() {}

  /** The ad experiment named by {@code ?segment=ad:<key>}; it must exist and be one. */
  static Future<ReportBuilder.AdSegment> named(ExperimentStore experiments, String adKey) {
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
