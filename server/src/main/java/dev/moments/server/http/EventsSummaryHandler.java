package dev.moments.server.http;

import dev.moments.server.rollup.RollupReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/events/summary}: the events the statistics leave out, server-wide, by reason,
 * and the experiment keys events name that no experiment has (a typo in a page, a deleted
 * experiment, or someone sending events with the public key); the rollups' figures, so they survive
 * restarts and agree with rebuild-rollups. {@code moments_events_excluded_total} on /metrics counts
 * the same as this process folds them.
 */
final class EventsSummaryHandler {
  static final int UNKNOWN_LISTED = 50;
  private final RollupReader rollups;

  EventsSummaryHandler(RollupReader rollups) {
    this.rollups = rollups;
  }

  void get(RoutingContext ctx) {
    Responses.reply(
        ctx,
        200,
        rollups
            .exclusionSummary(UNKNOWN_LISTED)
            .map(
                summary -> {
                  JsonArray unknown = new JsonArray();
                  summary
                      .unknownExperiments()
                      .forEach(
                          (key, n) ->
                              unknown.add(new JsonObject().put("key", key).put("events", n)));
                  JsonObject excluded = new JsonObject();
                  summary.byReason().forEach(excluded::put);
                  return new JsonObject()
                      .put("excluded", excluded)
                      .put(
                          "unknownExperiments",
                          new JsonObject()
                              .put("events", summary.unknownExperimentEvents())
                              .put("experiments", unknown));
                }));
  }
}
