package dev.moments.server.http;

import dev.moments.server.auth.Caller;
import dev.moments.server.auth.Permission;
import dev.moments.server.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * GET /api/v1/me: who the key belongs to and what it may do, so the dashboard can say who is signed
 * in and offer only what the server would allow.
 */
final class MeHandler {

  void get(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    JsonArray permissions = new JsonArray();
    caller.permissions().stream().sorted().map(Permission::wire).forEach(permissions::add);
    JsonObject me =
        new JsonObject()
            .put("kind", caller.kind().wire())
            .put("keyId", caller.keyId())
            .put("name", caller.name())
            .put("role", caller.role().map(Role::wire).orElse(null))
            .put("permissions", permissions);
    caller
        .person()
        .ifPresent(
            p ->
                me.put(
                    "person",
                    new JsonObject()
                        .put("id", p.id())
                        .put("name", p.name())
                        .put("email", p.email())
                        .put("role", p.role().wire())));
    Responses.json(ctx, 200, me);
  }
}
