package dev.moments.server.store;

import dev.moments.server.domain.NotFoundException;
import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.LayerRange;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The queries of {@link ExperimentStore} that read experiments and change nothing. */
final class ExperimentReads {
  private ExperimentReads() {}

  static Future<List<Experiment>> list(
      SqlClient client, String moment, String status, boolean archived) {
    return client
        .preparedQuery(
            "SELECT "
                + ExperimentRows.COLUMNS
                + " FROM experiments"
                + " WHERE ($1::text IS NULL OR moment = $1) AND ($2::text IS NULL OR status = $2)"
                + " AND ($3 OR archived_at IS NULL) ORDER BY created_at, key")
        .execute(Tuple.of(moment, status, archived))
        .map(ExperimentRows::all);
  }

  static Future<Map<String, List<String>>> declaredMetrics(SqlClient client) {
    return client
        .query(
            """
            SELECT CASE jsonb_typeof(m) WHEN 'string' THEN m #>> '{}' ELSE m ->> 'key' END AS metric,
                   array_agg(DISTINCT key ORDER BY key)
            FROM experiments,
                 jsonb_array_elements(jsonb_build_array(primary_metric) || secondary_metrics || guardrail_metrics) m
            GROUP BY 1 ORDER BY 1""")
        .execute()
        .map(
            rows -> {
              Map<String, List<String>> declared = new LinkedHashMap<>();
              rows.forEach(r -> declared.put(r.getString(0), List.of(r.getArrayOfStrings(1))));
              return declared;
            });
  }

  static Future<List<String>> dueSchedules(SqlClient client, Instant now) {
    return client
        .preparedQuery(
            "SELECT key FROM experiments WHERE archived_at IS NULL AND ((status = 'draft' AND"
                + " start_at <= $1) OR (status IN ('running', 'paused') AND stop_at <= $1))"
                + " ORDER BY least(start_at, stop_at), key")
        .execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
        .map(
            rows -> {
              List<String> keys = new ArrayList<>();
              rows.forEach(row -> keys.add(row.getString("key")));
              return keys;
            });
  }

  /** One experiment; with {@code forUpdate} its row locked until the transaction ends. */
  static Future<Experiment> get(SqlClient client, String key, boolean forUpdate) {
    return client
        .preparedQuery(
            "SELECT "
                + ExperimentRows.COLUMNS
                + " FROM experiments WHERE key = $1"
                + (forUpdate ? " FOR UPDATE" : ""))
        .execute(Tuple.of(key))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(new NotFoundException("Experiment", key))
                    : Future.succeededFuture(ExperimentRows.one(rows.iterator().next())));
  }

  /** The layer ranges the other experiments of its moment hold, their retired ones included. */
  static Future<List<LayerRange>> takenByOthers(SqlClient client, Experiment experiment) {
    return client
        .preparedQuery(
            "SELECT "
                + ExperimentRows.COLUMNS
                + " FROM experiments WHERE moment = $1 AND key <> $2")
        .execute(Tuple.of(experiment.moment(), experiment.key()))
        .map(
            rows -> {
              List<LayerRange> taken = new ArrayList<>();
              ExperimentRows.all(rows).forEach(e -> taken.addAll(e.heldRanges()));
              return taken;
            });
  }
}
