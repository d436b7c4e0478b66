package dev.moments.server.http;

import dev.moments.server.rollup.MetricDays;
import dev.moments.server.store.ExperimentStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * GET /api/v1/metrics/seen: the metric keys of the conversions of the last {@value #DAYS} days
 * (today included, UTC), most conversions first, each with the experiments that declare it, so that
 * a key nobody declares ({@code sigup}) shows up. Read from the counts the rollup worker keeps.
 */
final class MetricsSeenHandler {
  static final int DAYS = 7;
  static final int MAX_METRICS = 500;
  private final Pool pool;
  private final ExperimentStore experiments;
  private final Clock clock;

  MetricsSeenHandler(Pool pool, ExperimentStore experiments, Clock clock) {
    this.pool = pool;
    this.experiments = experiments;
    this.clock = clock;
  }

  void get(RoutingContext ctx) {
    LocalDate since = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(DAYS - 1);
    Responses.reply(
        ctx,
        200,
        experiments
            .declaredMetrics()
            .compose(
                declared ->
                    MetricDays.since(pool, since, MAX_METRICS)
                        .map(
                            seen -> {
                              JsonArray metrics = new JsonArray();
                              for (MetricDays.Seen s : seen) {
                                List<String> by = declared.getOrDefault(s.metric(), List.of());
                                metrics.add(
                                    new JsonObject()
                                        .put("metric", s.metric())
                                        .put("conversions", s.conversions())
                                        .put("lastSeen", s.lastSeen().toString())
                                        .put("declaredBy", new JsonArray(new ArrayList<>(by))));
                              }
                              return new JsonObject()
                                  .put("since", since.toString())
                                  .put("days", DAYS)
                                  .put("metrics", metrics);
                            })));
  }
}
