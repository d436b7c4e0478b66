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
                ErrorHandler.respond(
                    ctx,
                    ApiException.unavailable("The database is unreachable."),
                    new JsonObject().put("status", "down")));
  }
}
