package dev.moments.server.store;

import dev.moments.server.auth.Caller;
import dev.moments.server.domain.NotFoundException;
import dev.moments.server.webhooks.EventType;
import dev.moments.server.webhooks.Webhook;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Webhook subscriptions and their delivery log. A deleted webhook is kept (marked deleted) so its
 * log stays readable in the audit trail's terms; its pending deliveries are cancelled.
 */
public final class WebhookStore {
  private static final String COLUMNS =
      "w.id, w.url, w.events, w.secret, w.format, w.created_at,"
          + " (SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id"
          + " AND d.status = 'pending') AS pending,"
          + " (SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id"
          + " AND d.status = 'failed') AS failed,"
          + " (SELECT max(d.delivered_at) FROM webhook_deliveries d WHERE d.webhook_id = w.id)"
          + " AS last_delivered_at";
  private final Pool pool;

  public WebhookStore(Pool pool) {
    this.pool = pool;
  }

  /** Stores the subscription; the answer is the only one that shows the secret in full. */
  public Future<JsonObject> create(Caller actor, Webhook webhook) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "INSERT INTO webhooks (url, events, secret, format, created_by)"
                        + " VALUES ($1, $2, $3, $4, $5) RETURNING id")
                .execute(
                    Tuple.of(
                        webhook.url().toString(),
                        webhook.events().stream()
                            .map(EventType::wire)
                            .sorted()
                            .toArray(String[]::new),
                        webhook.secret(),
                        webhook.format().wire(),
                        actor.storedKeyId()))
                .compose(rows -> get(conn, rows.iterator().next().getLong("id")))
                .compose(
                    created ->
                        AuditLog.append(
                                conn,
                                actor,
                                "webhook.create",
                                "webhook",
                                String.valueOf(created.getLong("id")),
                                null,
                                created)
                            .map(created.copy().put("secret", webhook.secret()))));
  }

  public Future<JsonArray> list() {
    return pool.query(
            "SELECT " + COLUMNS + " FROM webhooks w WHERE w.deleted_at IS NULL ORDER BY w.id")
        .execute()
        .map(
            rows -> {
              JsonArray list = new JsonArray();
              rows.forEach(row -> list.add(json(row)));
              return list;
            });
  }

  /** Deletes the subscription and cancels what it still had to deliver. */
  public Future<Void> delete(Caller actor, long id) {
    return pool.withTransaction(
        conn ->
            get(conn, id)
                .compose(
                    before ->
                        conn.preparedQuery("UPDATE webhooks SET deleted_at = now() WHERE id = $1")
                            .execute(Tuple.of(id))
                            .compose(
                                v ->
                                    conn.preparedQuery(
                                            "UPDATE webhook_deliveries SET status = 'cancelled'"
                                                + " WHERE webhook_id = $1 AND status = 'pending'")
                                        .execute(Tuple.of(id)))
                            .compose(
                                v ->
                                    AuditLog.append(
                                        conn,
                                        actor,
                                        "webhook.delete",
                                        "webhook",
                                        String.valueOf(id),
                                        before,
                                        null))));
  }

  /** The newest deliveries of a webhook, with what happened at their last attempt. */
  public Future<JsonArray> deliveries(long id, int limit) {
    return pool.withConnection(
        conn ->
            get(conn, id)
                .compose(
                    webhook ->
                        conn.preparedQuery(
                                "SELECT d.id, d.status, d.attempts, d.next_attempt_at,"
                                    + " d.last_attempt_at, d.last_status_code, d.last_error,"
                                    + " d.delivered_at, d.created_at, e.id AS event_id, e.type,"
                                    + " e.experiment, e.payload ->> 'summary' AS summary"
                                    + " FROM webhook_deliveries d JOIN webhook_events e"
                                    + " ON e.id = d.event_id WHERE d.webhook_id = $1"
                                    + " ORDER BY d.id DESC LIMIT $2")
                            .execute(Tuple.of(id, limit)))
                .map(
                    rows -> {
                      JsonArray log = new JsonArray();
                      rows.forEach(row -> log.add(delivery(row)));
                      return log;
                    }));
  }

  private static Future<JsonObject> get(SqlConnection conn, long id) {
    return conn.preparedQuery(
            "SELECT " + COLUMNS + " FROM webhooks w WHERE w.id = $1 AND w.deleted_at IS NULL")
        .execute(Tuple.of(id))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(new NotFoundException("Webhook", String.valueOf(id)))
                    : Future.succeededFuture(json(rows.iterator().next())));
  }

  private static JsonObject json(Row row) {
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put("url", row.getString("url"))
        .put("events", new JsonArray(List.of(row.getArrayOfStrings("events"))))
        .put("format", row.getString("format"))
        .put("secretHint", Webhook.hint(row.getString("secret")))
        .put("createdAt", text(row.getOffsetDateTime("created_at")))
        .put("pendingDeliveries", row.getLong("pending"))
        .put("failedDeliveries", row.getLong("failed"))
        .put("lastDeliveredAt", text(row.getOffsetDateTime("last_delivered_at")));
  }

  private static JsonObject delivery(Row row) {
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put(
            "event",
            new JsonObject()
                .put("id", row.getUUID("event_id").toString())
                .put("type", row.getString("type"))
                .put("experiment", row.getString("experiment"))
                .put("summary", row.getString("summary")))
        .put("status", row.getString("status"))
        .put("attempts", row.getInteger("attempts"))
        .put("lastStatusCode", row.getInteger("last_status_code"))
        .put("lastError", row.getString("last_error"))
        .put("lastAttemptAt", text(row.getOffsetDateTime("last_attempt_at")))
        .put(
            "nextAttemptAt",
            "pending".equals(row.getString("status"))
                ? text(row.getOffsetDateTime("next_attempt_at"))
                : null)
        .put("deliveredAt", text(row.getOffsetDateTime("delivered_at")))
        .put("createdAt", text(row.getOffsetDateTime("created_at")));
  }

  private static String text(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
