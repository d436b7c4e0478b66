package dev.moments.server.store;

import dev.moments.server.auth.Caller;
import dev.moments.server.db.FolderLock;
import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.ExperimentJson;
import dev.moments.server.experiment.Status;
import dev.moments.server.webhooks.Outbox;
import dev.moments.server.webhooks.WebhookEvents;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;

/**
 * What one change of an experiment does in its transaction ({@link ExperimentStore}): the locks it
 * takes first, and everything written with the changed row.
 */
final class ExperimentWrites {
  private ExperimentWrites() {}

  /** The experiment, read under its moment's lock and its own row lock (in that order). */
  static Future<Experiment> lock(SqlConnection conn, String key) {
    return ExperimentReads.get(conn, key, false)
        .compose(unlocked -> MomentStore.lock(conn, unlocked.moment()))
        .compose(moment -> ExperimentReads.get(conn, key, true));
  }

  /**
   * Writes a changed experiment with everything that goes with it, in the caller's transaction: the
   * row, the audit entry, the status history, the replaced variants, the webhook event of a start
   * or stop and the config notification.
   */
  static Future<Experiment> write(
      SqlConnection conn,
      Caller actor,
      String action,
      Experiment before,
      Experiment after,
      Clock clock) {
    return ExperimentRows.update(conn, after)
        .compose(
            v ->
                AuditLog.append(
                    conn,
                    actor,
                    action != null ? action : moveAction(after),
                    "experiment",
                    after.key(),
                    ExperimentJson.toJson(before),
                    ExperimentJson.toJson(after)))
        .compose(
            v ->
                before.status() == after.status()
                    ? Future.succeededFuture()
                    : StatusHistory.record(
                        conn, actor, before.status(), after, scheduledStop(before, after)))
        .compose(v -> VariantHistory.recordReplaced(conn, before, after, clock))
        .compose(
            v ->
                WebhookEvents.lifecycle(before, after, actor)
                    .map(event -> Outbox.enqueue(conn, event))
                    .orElse(Future.succeededFuture()))
        .compose(v -> ConfigNotifier.notify(conn))
        .map(after);
  }

  /**
   * Before a started sticky experiment's change is stamped (its weights may change: a PATCH, a
   * bandit's update), waits for the folders' lock as a status change does ({@link FolderLock}): the
   * change's time is then later than every exposure a fold has placed in a weight period without
   * knowing of it, so folding and rebuilding put each unit in the same period ({@code
   * RollupRow.PERIOD}). Other experiments' changes do not wait.
   */
  static Future<Void> beforeWeightChange(SqlConnection conn, Experiment before) {
    if (!before.sticky() || before.status() == Status.DRAFT) {
      return Future.succeededFuture();
    }
    return FolderLock.awaitIn(conn);
  }

  private static String moveAction(Experiment after) {
    return after.status() == Status.RUNNING ? "experiment.start" : "experiment.stop";
  }

  /**
   * The scheduled stop time when {@code after} is the stop made once it was due ({@link
   * dev.moments.server.experiment.ExperimentMoves#stop} then dates it there); null otherwise.
   */
  private static Instant scheduledStop(Experiment before, Experiment after) {
    Instant stopAt = before.schedule().stopAt();
    return after.status() == Status.STOPPED
            && before.status() != Status.STOPPED
            && stopAt != null
            && stopAt.equals(after.stoppedAt())
        ? stopAt
        : null;
  }
}
