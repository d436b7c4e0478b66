package dev.moments.server.http;

import dev.moments.server.experiment.ExperimentJson;
import dev.moments.server.store.ExperimentStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** POST /api/v1/experiments/{key}/start, /pause, /stop and /archive. */
final class LifecycleHandler {
  private final ExperimentStore experiments;

  LifecycleHandler(ExperimentStore experiments) {
    this.experiments = experiments;
  }

  void start(RoutingContext ctx) {
    Responses.reply(
        ctx,
        200,
        experiments
            .start(AuthHandler.caller(ctx), ctx.pathParam("key"))
            .map(ExperimentJson::toJson));
  }

  void pause(RoutingContext ctx) {
    Responses.reply(
        ctx,
        200,
        experiments
            .pause(AuthHandler.caller(ctx), ctx.pathParam("key"))
            .map(ExperimentJson::toJson));
  }

  void stop(RoutingContext ctx) {
    JsonObject body = Responses.body(ctx);
    Responses.reply(
        ctx,
        200,
        experiments
            .stop(AuthHandler.caller(ctx), ctx.pathParam("key"), body.getString("rollout"))
            .map(ExperimentJson::toJson));
  }

  void archive(RoutingContext ctx) {
    Responses.reply(
        ctx,
        200,
        experiments
            .archive(AuthHandler.caller(ctx), ctx.pathParam("key"))
            .map(ExperimentJson::toJson));
  }
}
