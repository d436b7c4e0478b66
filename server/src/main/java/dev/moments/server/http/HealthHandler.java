package dev.moments.server.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * GET /health: up only when the database answers, so a load balancer takes a cut-off server out.
 */
final class HealthHandler {
  private final Pool pool;

  HealthHandler(Pool pool) {
    this.pool = pool;
  }

  void get(RoutingContext ctx) {
    pool.query("SELECT 1")
        .execute()
        .onSuccess(rows -> Responses.json(ctx, 200, new JsonObject().put("status", "up")))
        .onFailure(
            e ->
                ctx.response()
                    .setStatusCode(503)
                    .putHeader("Retry-After", "5")
                    .putHeader("Content-Type", "application/json")
                    .end(
                        new JsonObject()
                            .put("status", "down")
                            .put(
                                "error",
                                new JsonObject()
                                    .put("code", "unavailable")
                                    .put("message", "The database is unreachable."))
                            .toBuffer()));
  }
}
