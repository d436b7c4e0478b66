package dev.moments.server.http;

import dev.moments.server.domain.InvalidException;
import dev.moments.server.store.WebhookStore;
import dev.moments.server.webhooks.Webhook;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** POST/GET /api/v1/webhooks, DELETE /api/v1/webhooks/{id} and its delivery log. */
final class WebhooksHandler {
  private static final int LOG_LIMIT = 100;
  private final WebhookStore webhooks;

  WebhooksHandler(WebhookStore webhooks) {
    this.webhooks = webhooks;
  }

  void create(RoutingContext ctx) {
    JsonObject body = Responses.body(ctx);
    List<String> events = new ArrayList<>();
    body.getJsonArray("events", new JsonArray()).forEach(e -> events.add(String.valueOf(e)));
    Webhook webhook =
        Webhook.create(
            body.getString("url"), events, body.getString("secret"), body.getString("format"));
    Responses.reply(ctx, 201, webhooks.create(AuthHandler.caller(ctx), webhook));
  }

  void list(RoutingContext ctx) {
    Responses.reply(ctx, 200, webhooks.list().map(list -> new JsonObject().put("webhooks", list)));
  }

  void delete(RoutingContext ctx) {
    Long id = id(ctx);
    if (id != null) {
      webhooks
          .delete(AuthHandler.caller(ctx), id)
          .onSuccess(v -> ctx.response().setStatusCode(204).end())
          .onFailure(ctx::fail);
    }
  }

  void deliveries(RoutingContext ctx) {
    Long id = id(ctx);
    if (id != null) {
      Responses.reply(
          ctx,
          200,
          webhooks.deliveries(id, LOG_LIMIT).map(log -> new JsonObject().put("deliveries", log)));
    }
  }

  private static Long id(RoutingContext ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      ctx.fail(InvalidException.field("id", "A webhook id is a positive whole number."));
      return null;
    }
  }
}
