package dev.moments.server.store;

import dev.moments.server.auth.Caller;
import dev.moments.server.domain.ConflictException;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.experiment.BanditWeights;
import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.ExperimentChanges;
import dev.moments.server.experiment.ExperimentJson;
import dev.moments.server.experiment.ExperimentMoves;
import dev.moments.server.experiment.ExperimentPatch;
import dev.moments.server.experiment.FrozenDesign;
import dev.moments.server.experiment.LayerRange;
import dev.moments.server.experiment.WeightUpdate;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Experiments. Every change runs in one transaction that locks the experiment's moment row (so
 * layer ranges are handed out one at a time per moment), writes the audit log and status history,
 * and notifies the SDK config caches of every server when it commits.
 */
public final class ExperimentStore {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Pool pool;
  private final Clock clock;

  public ExperimentStore(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /** Creates the draft (its rules checked here) on its moment, which must exist. */
  public Future<Experiment> create(Caller actor, Experiment draft) {
    Experiment experiment = ExperimentChanges.create(draft, newSalt(), clock.instant());
    return pool.withTransaction(
        conn ->
            MomentStore.lock(conn, experiment.moment())
                .recover(
                    notFound ->
                        Future.failedFuture(
                            new InvalidException(
                                "unknown_moment",
                                "Moment '"
                                    + experiment.moment()
                                    + "' does not exist; create it first.",
                                "moment")))
                .compose(moment -> ExperimentRows.insert(conn, experiment))
                .compose(
                    inserted ->
                        inserted
                            ? AuditLog.append(
                                conn,
                                actor,
                                "experiment.create",
                                "experiment",
                                experiment.key(),
                                null,
                                ExperimentJson.toJson(experiment))
                            : Future.failedFuture(
                                new ConflictException(
                                    "duplicate_key",
                                    "An experiment or a holdout with key '"
                                        + experiment.key()
                                        + "' already exists.")))
                .compose(v -> StatusHistory.record(conn, actor, null, experiment, null))
                .map(experiment));
  }

  /**
   * @param moment nullable: every moment
   * @param status nullable: every status
   * @param archived whether archived experiments are listed too
   */
  public Future<List<Experiment>> list(String moment, String status, boolean archived) {
    return ExperimentReads.list(pool, moment, status, archived);
  }

  /** Every metric key some experiment declares (in any role), with those experiments' keys. */
  public Future<Map<String, List<String>>> declaredMetrics() {
    return ExperimentReads.declaredMetrics(pool);
  }

  /**
   * The splits a started experiment has run with, oldest first ({@link
   * BanditUpdates#weightHistory}): GET /weights and the report read them here alike.
   */
  public Future<List<BanditUpdates.WeightPeriod>> weightHistory(Experiment e) {
    return new BanditUpdates(pool).weightHistory(e);
  }

  public Future<Experiment> get(String key) {
    return pool.withConnection(conn -> ExperimentReads.get(conn, key, false));
  }

  /**
   * A change of the group-sequential design after the first recorded look is refused ({@link
   * FrozenDesign}). The recorded looks are read under the experiment's row lock, after it: a look
   * recorded first is seen, and one recorded later waits for this change to commit (the look's
   * foreign key takes a share lock on the experiment's row), so no look slips between the check and
   * the write.
   */
  public Future<Experiment> patch(Caller actor, String key, ExperimentPatch changes) {
    return change(
        actor,
        key,
        "experiment.update",
        (conn, locked) ->
            SequentialLooks.summary(conn, key)
                .map(
                    recorded -> {
                      Experiment after =
                          ExperimentChanges.patch(
                              locked.experiment(),
                              changes,
                              locked.takenByOthers(),
                              clock.instant());
                      FrozenDesign.check(locked.experiment(), after, recorded);
                      return after;
                    }));
  }

  public Future<Experiment> start(Caller actor, String key) {
    return change(
        actor,
        key,
        "experiment.start",
        (locked) ->
            ExperimentMoves.start(locked.experiment(), locked.takenByOthers(), clock.instant()));
  }

  public Future<Experiment> pause(Caller actor, String key) {
    return change(
        actor,
        key,
        "experiment.pause",
        (locked) -> ExperimentMoves.pause(locked.experiment(), clock.instant()));
  }

  public Future<Experiment> stop(Caller actor, String key, String rollout) {
    return change(
        actor,
        key,
        "experiment.stop",
        (locked) -> ExperimentMoves.stop(locked.experiment(), rollout, clock.instant()));
  }

  /** Stopped only; read-only and hidden from lists from then on. */
  public Future<Experiment> archive(Caller actor, String key) {
    return change(
        actor,
        key,
        "experiment.archive",
        (locked) -> ExperimentMoves.archive(locked.experiment(), clock.instant()));
  }

  /**
   * Keys of the experiments whose scheduled start or stop is due at {@code now}, earliest first.
   */
  public Future<List<String>> dueSchedules(Instant now) {
    return ExperimentReads.dueSchedules(pool, now);
  }

  /**
   * Makes the scheduled move that is due, under the experiment's row lock, so of several servers
   * trying at once exactly one starts (or stops) it and the others find nothing due. Audited as
   * {@code experiment.start} or {@code experiment.stop} by {@code actor}.
   */
  public Future<Experiment> runSchedule(Caller actor, String key) {
    return change(
        actor,
        key,
        null,
        (locked) ->
            ExperimentMoves.runSchedule(
                locked.experiment(), locked.takenByOthers(), clock.instant()));
  }

  /** A due move that cannot be made is taken off the schedule, with the reason. */
  public Future<Experiment> scheduleFailed(Caller actor, String key, String reason) {
    return change(
        actor,
        key,
        "experiment.schedule_failed",
        (locked) -> ExperimentMoves.scheduleFailed(locked.experiment(), reason, clock.instant()));
  }

  private record Locked(Experiment experiment, List<LayerRange> takenByOthers) {}

  /** A change made from the locked experiment alone. */
  private Future<Experiment> change(
      Caller actor, String key, String action, Function<Locked, Experiment> change) {
    return change(
        actor, key, action, (conn, locked) -> Future.succeededFuture(change.apply(locked)));
  }

  /**
   * Applies {@code change} under the moment's and the experiment's locks, then writes the row, the
   * audit entry, the status history, the webhook event of a start or stop and the config
   * notification in the same transaction. A change that returns the very experiment it was given
   * writes nothing. What the change reads besides the experiment it reads on {@code conn}, under
   * those locks.
   *
   * @param action the audit action; null: {@code experiment.start} or {@code .stop}, by the move
   */
  private Future<Experiment> change(
      Caller actor,
      String key,
      String action,
      BiFunction<SqlConnection, Locked, Future<Experiment>> change) {
    return pool.withTransaction(
        conn ->
            ExperimentWrites.lock(conn, key)
                .compose(before -> ExperimentWrites.beforeWeightChange(conn, before).map(before))
                .compose(
                    before ->
                        ExperimentReads.takenByOthers(conn, before)
                            .map(taken -> new Locked(before, taken)))
                .compose(
                    locked ->
                        change
                            .apply(conn, locked)
                            .compose(
                                after -> {
                                  Experiment before = locked.experiment();
                                  return after == before
                                      ? Future.succeededFuture(before)
                                      : ExperimentWrites.write(
                                          conn, actor, action, before, after, clock);
                                })));
  }

  /**
   * Publishes a bandit's new weights (audited as {@code experiment.bandit_update} by {@code
   * actor}), under the experiment's row lock, with its row in {@code bandit_updates}: the update's
   * number is the primary key there, so of several servers computing the same update exactly one
   * stores it; the others, an update of an experiment no longer a running bandit and one sampled
   * for a primary metric changed since ({@link BanditWeights#takes}), change nothing and get the
   * experiment as it is (the next round samples again).
   */
  public Future<Experiment> updateWeights(Caller actor, String key, WeightUpdate update) {
    return pool.withTransaction(
        conn ->
            ExperimentWrites.lock(conn, key)
                .compose(
                    before -> {
                      if (!BanditWeights.takes(before, update)) {
                        return Future.succeededFuture(before);
                      }
                      return ExperimentWrites.beforeWeightChange(conn, before)
                          .compose(v -> publishWeights(conn, actor, key, update, before));
                    }));
  }

  private Future<Experiment> publishWeights(
      SqlConnection conn, Caller actor, String key, WeightUpdate update, Experiment before) {
    Experiment after = BanditWeights.apply(before, update, clock.instant());
    return BanditUpdates.insert(conn, key, update, after.updatedAt())
        .compose(
            inserted ->
                inserted
                    ? ExperimentWrites.write(
                        conn, actor, "experiment.bandit_update", before, after, clock)
                    : Future.succeededFuture(before));
  }

  public Future<JsonArray> statusHistory(String key) {
    return StatusHistory.list(pool, key);
  }

  private static String newSalt() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
