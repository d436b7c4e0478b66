package dev.moments.server.http;

import dev.moments.server.auth.Caller.KeyKind;
import dev.moments.server.store.KeyStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/** POST/GET /api/v1/keys and DELETE /api/v1/keys/{id}. */
final class KeysHandler {
  private final KeyStore keys;

  KeysHandler(KeyStore keys) {
    this.keys = keys;
  }

  void create(RoutingContext ctx) {
    JsonObject body = Responses.body(ctx);
    KeyKind kind = KeyKind.valueOf(body.getString("kind").toUpperCase(Locale.ROOT));
    Responses.reply(
        ctx,
        201,
        keys.create(AuthHandler.caller(ctx), kind, body.getString("name"))
            .map(KeyStore.NewKey::toJson));
  }

  void list(RoutingContext ctx) {
    Responses.reply(ctx, 200, keys.list().map(list -> new JsonObject().put("keys", list)));
  }

  void revoke(RoutingContext ctx) {
    keys.revoke(AuthHandler.caller(ctx), Responses.id(ctx))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }
}
