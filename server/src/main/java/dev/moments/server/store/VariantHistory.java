package dev.moments.server.store;

import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.ExperimentJson;
import dev.moments.server.experiment.Status;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The variants experiments ran with before a change (table {@code experiment_variant_history}),
 * written here with the change; read as weight periods by {@link BanditUpdates#weightHistory}.
 */
final class VariantHistory {
  private VariantHistory() {}

  /**
   * A started (sticky) experiment's variants before a change of weights or an added variant: the
   * fold still finds a unit's earlier exposure plausible when its hash gave that variant with
   * weights the experiment had then.
   */
  static Future<Void> recordReplaced(
      SqlConnection conn, Experiment before, Experiment after, Clock clock) {
    if (before.status() == Status.DRAFT || before.variants().equals(after.variants())) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(
            "INSERT INTO experiment_variant_history (experiment, variants, replaced_at)"
                + " VALUES ($1, $2, $3)")
        .execute(
            Tuple.of(
                before.key(),
                ExperimentJson.variantsJson(before.variants()),
                // the experiment's own time of the change: a bandit update is stored at it too
                OffsetDateTime.ofInstant(
                    after.updatedAt() != null ? after.updatedAt() : clock.instant(),
                    ZoneOffset.UTC)))
        .mapEmpty();
  }
}
