package dev.moments.server.http;

import dev.moments.server.store.AuditLog;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** GET /api/v1/audit: every change, newest first, a page at a time ({@code before} an entry id). */
final class AuditHandler {
  private static final int DEFAULT_LIMIT = 100;
  private final AuditLog audit;

  AuditHandler(AuditLog audit) {
    this.audit = audit;
  }

  /** The contract bounds both numbers; the validator hands them over as it parsed them. */
  void list(RoutingContext ctx) {
    String before = Responses.query(ctx, "before");
    String limit = Responses.query(ctx, "limit");
    Responses.reply(
        ctx,
        200,
        audit
            .entries(
                Responses.query(ctx, "entityType"),
                before == null ? null : (long) Double.parseDouble(before),
                limit == null ? DEFAULT_LIMIT : (int) Double.parseDouble(limit))
            .map(entries -> new JsonObject().put("entries", entries)));
  }
}
