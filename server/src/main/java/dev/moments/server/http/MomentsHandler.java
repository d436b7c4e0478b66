package dev.moments.server.http;

import dev.moments.server.store.MomentStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** /api/v1/moments and /api/v1/moments/{key}. */
final class MomentsHandler {
  private final MomentStore moments;

  MomentsHandler(MomentStore moments) {
    this.moments = moments;
  }

  void create(RoutingContext ctx) {
    Responses.reply(ctx, 201, moments.create(AuthHandler.caller(ctx), Responses.body(ctx)));
  }

  void list(RoutingContext ctx) {
    Responses.reply(ctx, 200, moments.list().map(list -> new JsonObject().put("moments", list)));
  }

  void get(RoutingContext ctx) {
    Responses.reply(ctx, 200, moments.get(ctx.pathParam("key")));
  }

  void patch(RoutingContext ctx) {
    Responses.reply(
        ctx,
        200,
        moments.patch(AuthHandler.caller(ctx), ctx.pathParam("key"), Responses.body(ctx)));
  }
}
