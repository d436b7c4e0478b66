package dev.moments.server.http;

import dev.moments.server.experiment.HoldoutJson;
import dev.moments.server.report.HoldoutReports;
import dev.moments.server.store.HoldoutStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** /api/v1/holdouts, /api/v1/holdouts/{key} and ending one (POST /api/v1/holdouts/{key}/end). */
final class HoldoutsHandler {
  private final HoldoutStore holdouts;
  private final HoldoutReports reports;

  HoldoutsHandler(HoldoutStore holdouts, HoldoutReports reports) {
    this.holdouts = holdouts;
    this.reports = reports;
  }

  /** GET /api/v1/holdouts/{key}/report?metrics=a,b (the contract checks the list's shape). */
  void report(RoutingContext ctx) {
    String metrics = ctx.queryParams().get("metrics");
    Responses.reply(
        ctx,
        200,
        reports.build(
            ctx.pathParam("key"),
            metrics == null || metrics.isBlank() ? List.of() : List.of(metrics.split(","))));
  }

  void create(RoutingContext ctx) {
    Responses.reply(
        ctx,
        201,
        holdouts
            .create(AuthHandler.caller(ctx), HoldoutJson.draft(Responses.body(ctx)))
            .map(HoldoutJson::toJson));
  }

  void list(RoutingContext ctx) {
    Responses.reply(
        ctx,
        200,
        holdouts
            .list()
            .map(
                list -> {
                  JsonArray json = new JsonArray();
                  list.forEach(h -> json.add(HoldoutJson.toJson(h)));
                  return new JsonObject().put("holdouts", json);
                }));
  }

  void get(RoutingContext ctx) {
    Responses.reply(ctx, 200, holdouts.get(ctx.pathParam("key")).map(HoldoutJson::toJson));
  }

  void end(RoutingContext ctx) {
    Responses.reply(
        ctx,
        200,
        holdouts.end(AuthHandler.caller(ctx), ctx.pathParam("key")).map(HoldoutJson::toJson));
  }
}
