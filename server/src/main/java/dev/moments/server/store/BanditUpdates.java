package dev.moments.server.store;

import dev.moments.server.experiment.BanditWeights;
import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.ExperimentJson;
import dev.moments.server.experiment.Variant;
import dev.moments.server.experiment.WeightUpdate;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The weight updates of bandits (table {@code bandit_updates}, V23): what the updater published and
 * when, read by the updater (is the next one due?) and by GET /experiments/{key}/weights.
 */
public final class BanditUpdates {
  private final Pool pool;

  public BanditUpdates(Pool pool) {
    this.pool = pool;
  }

  /**
   * One stored update.
   *
   * @param weights each variant's share, summing to 1
   */
  public record Stored(
      int number,
      Instant at,
      Map<String, Double> weights,
      Map<String, Double> probabilityBest,
      long units) {}

  /**
   * One period of an experiment's split: from {@code at} until the next period's start.
   *
   * @param probabilityBest and {@code units}: null but for a bandit's update
   * @param set the set of variants in effect: how many weight changes were made at or before {@code
   *     at} (0: the weights the experiment started with), as the fold counts a unit's weight period
   *     ({@code RollupRow.PERIOD}); periods of one set have the same weights
   */
  public record WeightPeriod(
      Instant at,
      Map<String, Double> weights,
      Map<String, Double> probabilityBest,
      Long units,
      int set) {}

  /**
   * The splits a started experiment has run with, oldest first: from its start the first weights,
   * then each change (a sticky experiment's PATCH) and each bandit update (also one that left the
   * floored weights as they were) from its time; empty for a draft. The weights come from the
   * variant history the fold judges exposures by and places units in periods by, so the two cannot
   * disagree. The one reader of that history for GET /weights and the report's {@code
   * changingSplit} alike.
   */
  public Future<List<WeightPeriod>> weightHistory(Experiment e) {
    if (e.startedAt() == null) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(
            "SELECT variants, replaced_at FROM experiment_variant_history WHERE experiment = $1"
                + " ORDER BY replaced_at, id")
        .execute(Tuple.of(e.key()))
        .compose(replaced -> history(e.key()).map(updates -> periods(e, replaced, updates)));
  }

  private static List<WeightPeriod> periods(
      Experiment e, RowSet<Row> replaced, List<Stored> updates) {
    List<List<Variant>> sets = new ArrayList<>();
    List<Instant> changes = new ArrayList<>();
    replaced.forEach(
        r -> {
          sets.add(ExperimentJson.variants((JsonArray) r.getValue(0)));
          changes.add(r.getOffsetDateTime(1).toInstant());
        });
    sets.add(e.variants());
    Map<Instant, Stored> byTime = new LinkedHashMap<>();
    updates.forEach(u -> byTime.put(u.at(), u));
    TreeSet<Instant> times = new TreeSet<>(changes);
    times.addAll(byTime.keySet());
    times.add(e.startedAt());
    List<WeightPeriod> periods = new ArrayList<>();
    for (Instant at : times.tailSet(e.startedAt(), true)) {
      int set = 0;
      while (set < changes.size() && !changes.get(set).isAfter(at)) {
        set++;
      }
      Stored u = byTime.get(at);
      periods.add(
          new WeightPeriod(
              at,
              BanditWeights.shares(sets.get(set)),
              u == null ? null : u.probabilityBest(),
              u == null ? null : u.units(),
              set));
    }
    return periods;
  }

  /** The keys of the running bandits (not archived), in key order. */
  public Future<List<String>> runningBandits() {
    return pool.query(
            "SELECT key FROM experiments WHERE status = 'running' AND archived_at IS NULL"
                + " AND allocation ->> 'type' = 'bandit' ORDER BY key")
        .execute()
        .map(
            rows -> {
              List<String> keys = new ArrayList<>();
              rows.forEach(r -> keys.add(r.getString(0)));
              return keys;
            });
  }

  /** The experiment's updates, oldest first; empty when it has had none. */
  public Future<List<Stored>> history(String experiment) {
    return pool.preparedQuery(
            "SELECT number, at, weights, probability_best, units FROM bandit_updates"
                + " WHERE experiment = $1 ORDER BY number")
        .execute(Tuple.of(experiment))
        .map(
            rows -> {
              List<Stored> updates = new ArrayList<>();
              rows.forEach(r -> updates.add(stored(r)));
              return updates;
            });
  }

  /** Stores the update unless one with its number exists; whether it stored it. */
  static Future<Boolean> insert(
      SqlConnection conn, String experiment, WeightUpdate update, Instant at) {
    return conn.preparedQuery(
            "INSERT INTO bandit_updates (experiment, number, at, weights, probability_best, units)"
                + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (experiment, number) DO NOTHING")
        .execute(
            Tuple.of(
                experiment,
                update.number(),
                at.atOffset(ZoneOffset.UTC),
                new JsonObject(new LinkedHashMap<>(update.weights())),
                new JsonObject(new LinkedHashMap<>(update.probabilityBest())),
                update.units()))
        .map(rows -> rows.rowCount() == 1);
  }

  private static Stored stored(Row r) {
    return new Stored(
        r.getInteger("number"),
        r.getOffsetDateTime("at").toInstant(),
        shares((JsonObject) r.getValue("weights")),
        shares((JsonObject) r.getValue("probability_best")),
        r.getLong("units"));
  }

  private static Map<String, Double> shares(JsonObject json) {
    Map<String, Double> shares = new LinkedHashMap<>();
    json.forEach(e -> shares.put(e.getKey(), ((Number) e.getValue()).doubleValue()));
    return shares;
  }
}
