package dev.moments.server.http;

import dev.moments.server.db.DatabaseStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.function.Supplier;

/**
 * GET /health: up only when the database answers, so a load balancer takes a cut-off server out.
 * {@code database} says which database and, for the embedded one, whether its process runs and how
 * often the watchdog restarted it.
 */
final class HealthHandler {
  private final Pool pool;
  private final Supplier<DatabaseStatus> status;

  HealthHandler(Pool pool, Supplier<DatabaseStatus> status) {
    this.pool = pool;
    this.status = status;
  }

  void get(RoutingContext ctx) {
    pool.query("SELECT 1")
        .execute()
        .onSuccess(
            rows ->
                Responses.json(
                    ctx, 200, new JsonObject().put("status", "up").put("database", database(true))))
        .onFailure(
            e ->
                ErrorHandler.respond(
                    ctx,
                    ApiException.unavailable("The database is unreachable."),
                    new JsonObject().put("status", "down").put("database", database(false))));
  }

  private JsonObject database(boolean reachable) {
    DatabaseStatus s = status.get();
    JsonObject json =
        new JsonObject()
            .put("kind", s.embedded() ? "embedded" : "external")
            .put("reachable", reachable);
    s.process().ifPresent(p -> json.put("process", p.wire()).put("restarts", s.restarts()));
    return json;
  }
}
