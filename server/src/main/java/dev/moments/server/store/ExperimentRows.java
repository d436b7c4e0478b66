package dev.moments.server.store;

import dev.moments.server.experiment.Allocation;
import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.ExperimentJson;
import dev.moments.server.experiment.ExperimentMetricsJson;
import dev.moments.server.experiment.Schedule;
import dev.moments.server.experiment.StatsJson;
import dev.moments.server.experiment.Status;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps the experiments table to {@link Experiment} and back; its JSON columns through {@link
 * ExperimentJson}.
 */
final class ExperimentRows {
  static final String COLUMNS =
      "key, moment, name, hypothesis, status, salt, traffic_percent::float8 AS traffic_percent,"
          + " ranges, variants, control, primary_metric, secondary_metrics, guardrail_metrics, funnel, targeting,"
          + " stats, rollout, created_at, updated_at, started_at, stopped_at,"
          + " start_at, stop_at, stop_rollout, schedule_error, archived_at, sticky,"
          + " allocation, retired_ranges";

  private ExperimentRows() {}

  static Future<Boolean> insert(SqlConnection conn, Experiment e) {
    return conn.preparedQuery(
            "INSERT INTO experiments (key, moment, name, hypothesis, status, salt, traffic_percent,"
                + " ranges, variants, control, primary_metric, secondary_metrics, guardrail_metrics, targeting, stats,"
                + " rollout, created_at, updated_at, funnel, start_at, stop_at, stop_rollout, sticky, allocation,"
                + " retired_ranges) VALUES"
                + " ($1, $2, $3, $4, $5, $6, $7::float8, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17,"
                + " $18, $19, $20, $21, $22, $23, $24)"
                + " ON CONFLICT (key) DO NOTHING")
        .execute(
            Tuple.from(
                new Object[] {
                  e.key(),
                  e.moment(),
                  e.name(),
                  e.hypothesis(),
                  e.status().wire(),
                  e.salt(),
                  e.trafficPercent(),
                  ExperimentJson.rangesJson(e.ranges()),
                  ExperimentJson.variantsJson(e.variants()),
                  e.control(),
                  ExperimentMetricsJson.metricJson(e.primaryMetric()),
                  ExperimentMetricsJson.metricsJson(e.secondaryMetrics()),
                  ExperimentMetricsJson.metricsJson(e.guardrailMetrics()),
                  e.targeting(),
                  StatsJson.toJson(e.stats()),
                  e.rollout(),
                  time(e.createdAt()),
                  ExperimentMetricsJson.funnelJson(e.funnel()),
                  time(e.schedule().startAt()),
                  time(e.schedule().stopAt()),
                  e.schedule().rollout(),
                  e.sticky(),
                  e.allocation().toJson(),
                  ExperimentJson.rangesJson(e.retiredRanges())
                }))
        .map(rows -> rows.rowCount() == 1);
  }

  static Future<Void> update(SqlConnection conn, Experiment e) {
    return conn.preparedQuery(
            "UPDATE experiments SET name = $2, hypothesis = $3, status = $4, traffic_percent = $5::float8,"
                + " ranges = $6, variants = $7, control = $8, primary_metric = $9, secondary_metrics = $10,"
                + " guardrail_metrics = $11, targeting = $12, stats = $13, rollout = $14, updated_at = $15,"
                + " started_at = $16, stopped_at = $17, funnel = $18, start_at = $19, stop_at = $20,"
                + " stop_rollout = $21, schedule_error = $22, archived_at = $23, sticky = $24,"
                + " allocation = $25, retired_ranges = $26 WHERE key = $1")
        .execute(
            Tuple.from(
                new Object[] {
                  e.key(),
                  e.name(),
                  e.hypothesis(),
                  e.status().wire(),
                  e.trafficPercent(),
                  ExperimentJson.rangesJson(e.ranges()),
                  ExperimentJson.variantsJson(e.variants()),
                  e.control(),
                  ExperimentMetricsJson.metricJson(e.primaryMetric()),
                  ExperimentMetricsJson.metricsJson(e.secondaryMetrics()),
                  ExperimentMetricsJson.metricsJson(e.guardrailMetrics()),
                  e.targeting(),
                  StatsJson.toJson(e.stats()),
                  e.rollout(),
                  time(e.updatedAt()),
                  time(e.startedAt()),
                  time(e.stoppedAt()),
                  ExperimentMetricsJson.funnelJson(e.funnel()),
                  time(e.schedule().startAt()),
                  time(e.schedule().stopAt()),
                  e.schedule().rollout(),
                  e.schedule().error(),
                  time(e.archivedAt()),
                  e.sticky(),
                  e.allocation().toJson(),
                  ExperimentJson.rangesJson(e.retiredRanges())
                }))
        .mapEmpty();
  }

  static List<Experiment> all(RowSet<Row> rows) {
    List<Experiment> result = new ArrayList<>();
    rows.forEach(row -> result.add(one(row)));
    return result;
  }

  static Experiment one(Row row) {
    return Experiment.builder()
        .key(row.getString("key"))
        .moment(row.getString("moment"))
        .name(row.getString("name"))
        .hypothesis(row.getString("hypothesis"))
        .status(Status.fromWire(row.getString("status")))
        .salt(row.getString("salt"))
        .trafficPercent(row.getDouble("traffic_percent"))
        .ranges(ExperimentJson.ranges((JsonArray) row.getValue("ranges")))
        .retiredRanges(ExperimentJson.ranges((JsonArray) row.getValue("retired_ranges")))
        .variants(ExperimentJson.variants((JsonArray) row.getValue("variants")))
        .control(row.getString("control"))
        .primaryMetric(ExperimentMetricsJson.metric(row.getValue("primary_metric")))
        .secondaryMetrics(
            ExperimentMetricsJson.metrics((JsonArray) row.getValue("secondary_metrics")))
        .guardrailMetrics(
            ExperimentMetricsJson.metrics((JsonArray) row.getValue("guardrail_metrics")))
        .funnel(ExperimentMetricsJson.funnel((JsonArray) row.getValue("funnel")))
        .targeting(row.getValue("targeting") instanceof JsonObject t ? t : null)
        .stats(StatsJson.parse((JsonObject) row.getValue("stats")))
        .rollout(row.getString("rollout"))
        .createdAt(instant(row, "created_at"))
        .updatedAt(instant(row, "updated_at"))
        .startedAt(instant(row, "started_at"))
        .stoppedAt(instant(row, "stopped_at"))
        .schedule(
            new Schedule(
                instant(row, "start_at"),
                instant(row, "stop_at"),
                row.getString("stop_rollout"),
                row.getString("schedule_error")))
        .archivedAt(instant(row, "archived_at"))
        .sticky(row.getBoolean("sticky"))
        .allocation(Allocation.stored((JsonObject) row.getValue("allocation")))
        .build();
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
