package dev.moments.server.http;

import dev.moments.server.experiment.MomentJson;
import dev.moments.server.store.MomentStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** /api/v1/moments and /api/v1/moments/{key}. */
final class MomentsHandler {
  private final MomentStore moments;

  MomentsHandler(MomentStore moments) {
    this.moments = moments;
  }

  void create(RoutingContext ctx) {
    Responses.reply(
        ctx,
        201,
        moments
            .create(AuthHandler.caller(ctx), MomentJson.draft(Responses.body(ctx)))
            .map(MomentJson::toJson));
  }

  void list(RoutingContext ctx) {
    Responses.reply(
        ctx,
        200,
        moments
            .list()
            .map(
                list -> {
                  JsonArray json = new JsonArray();
                  list.forEach(m -> json.add(MomentJson.toJson(m)));
                  return new JsonObject().put("moments", json);
                }));
  }

  void get(RoutingContext ctx) {
    Responses.reply(ctx, 200, moments.get(ctx.pathParam("key")).map(MomentJson::toJson));
  }

  void patch(RoutingContext ctx) {
    Responses.reply(
        ctx,
        200,
        moments
            .patch(
                AuthHandler.caller(ctx),
                ctx.pathParam("key"),
                MomentJson.patch(Responses.body(ctx)))
            .map(MomentJson::toJson));
  }
}
