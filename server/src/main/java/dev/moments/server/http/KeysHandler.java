package dev.moments.server.http;

import dev.moments.server.auth.Caller.KeyKind;
import dev.moments.server.auth.KeyQuota;
import dev.moments.server.store.KeyStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/** POST/GET /api/v1/keys, PATCH and DELETE /api/v1/keys/{id}. */
final class KeysHandler {
  private final KeyStore keys;

  KeysHandler(KeyStore keys) {
    this.keys = keys;
  }

  void create(RoutingContext ctx) {
    JsonObject body = Responses.body(ctx);
    KeyKind kind = KeyKind.valueOf(body.getString("kind").toUpperCase(Locale.ROOT));
    KeyQuota quota = quota(body.getJsonObject("quota", new JsonObject()));
    Responses.reply(
        ctx,
        201,
        keys.create(AuthHandler.caller(ctx), kind, body.getString("name"), quota)
            .map(k -> k.toJson().put("quota", KeyStore.quotaJson(quota))));
  }

  void list(RoutingContext ctx) {
    Responses.reply(ctx, 200, keys.list().map(list -> new JsonObject().put("keys", list)));
  }

  /**
   * Sets the rates the body names ({@code null}: back to the server's default) and a client key's
   * origins ({@code null} or {@code []}: any origin).
   */
  void patch(RoutingContext ctx) {
    JsonObject body = Responses.body(ctx);
    long id = Responses.id(ctx);
    Future<JsonObject> changed = Future.succeededFuture();
    if (body.containsKey("quota")) {
      JsonObject given = body.getJsonObject("quota");
      changed =
          keys.setQuota(
              AuthHandler.caller(ctx),
              id,
              quota(given),
              new KeyStore.QuotaFields(
                  given.containsKey("assignPerSecond"), given.containsKey("eventsPerSecond")));
    }
    if (body.containsKey("origins")) {
      JsonArray origins = body.getJsonArray("origins"); // null: any origin again
      List<String> list =
          origins == null ? List.of() : origins.stream().map(String::valueOf).distinct().toList();
      changed = changed.compose(v -> keys.setOrigins(AuthHandler.caller(ctx), id, list));
    }
    Responses.reply(ctx, 200, changed);
  }

  void revoke(RoutingContext ctx) {
    keys.revoke(AuthHandler.caller(ctx), Responses.id(ctx))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** The contract's KeyQuota, already validated by the router. */
  private static KeyQuota quota(JsonObject json) {
    return new KeyQuota(rate(json, "assignPerSecond"), rate(json, "eventsPerSecond"));
  }

  private static OptionalInt rate(JsonObject json, String field) {
    Integer value = json.getInteger(field);
    return value == null ? OptionalInt.empty() : OptionalInt.of(value);
  }
}
