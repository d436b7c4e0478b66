package dev.moments.server.webhooks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The durable queue between what happened and the receivers. An event is enqueued in the
 * transaction of the change that raised it, one delivery row per subscribed webhook, so a change
 * that rolls back alerts nobody and one that commits is delivered even if the server dies right
 * after. Servers claim due rows with {@code FOR UPDATE SKIP LOCKED} and move them a lease ahead, so
 * each row is attempted by one server at a time.
 */
public final class Outbox {
  private final Pool pool;

  public Outbox(Pool pool) {
    this.pool = pool;
  }

  /** A delivery claimed for one attempt. */
  record Claimed(
      long deliveryId, int attempt, Webhook webhook, WebhookEvent event, Instant createdAt) {}

  /** Records the event and queues it for every live webhook subscribed to its type. */
  public static Future<Void> enqueue(SqlConnection conn, WebhookEvent event) {
    return conn.preparedQuery(
            "WITH e AS (INSERT INTO webhook_events (id, type, experiment, payload)"
                + " VALUES ($1, $2, $3, $4) RETURNING id, type)"
                + " INSERT INTO webhook_deliveries (webhook_id, event_id)"
                + " SELECT w.id, e.id FROM e JOIN webhooks w"
                + " ON w.deleted_at IS NULL AND e.type = ANY (w.events)")
        .execute(Tuple.of(event.id(), event.type().wire(), event.experiment(), event.payload()))
        .mapEmpty();
  }

  /**
   * Up to {@code limit} due deliveries, each with its attempt counted and its next attempt moved
   * {@code lease} ahead: should this server die before it records the outcome, another one tries
   * again after the lease.
   */
  Future<List<Claimed>> claim(int limit, Duration lease) {
    return pool.preparedQuery(
            "WITH claimed AS (UPDATE webhook_deliveries d"
                + " SET attempts = d.attempts + 1, last_attempt_at = clock_timestamp(),"
                + " next_attempt_at = clock_timestamp() + $2::bigint * interval '1 millisecond'"
                + " WHERE d.id IN (SELECT id FROM webhook_deliveries"
                + " WHERE status = 'pending' AND next_attempt_at <= clock_timestamp()"
                + " ORDER BY next_attempt_at LIMIT $1::int FOR UPDATE SKIP LOCKED)"
                + " RETURNING d.id, d.attempts, d.webhook_id, d.event_id)"
                + " SELECT c.id, c.attempts, w.id AS webhook_id, w.url, w.events, w.secret,"
                + " w.format, w.created_at, e.id AS event_id, e.type, e.experiment, e.payload,"
                + " e.created_at AS event_created_at FROM claimed c"
                + " JOIN webhooks w ON w.id = c.webhook_id JOIN webhook_events e ON e.id = c.event_id")
        .execute(Tuple.of(limit, lease.toMillis()))
        .map(
            rows -> {
              List<Claimed> claimed = new ArrayList<>();
              rows.forEach(row -> claimed.add(claimed(row)));
              return claimed;
            });
  }

  private static Claimed claimed(Row row) {
    Set<EventType> events =
        Arrays.stream(row.getArrayOfStrings("events"))
            .map(EventType::fromWire)
            .collect(Collectors.toSet());
    Webhook webhook =
        new Webhook(
            row.getLong("webhook_id"),
            URI.create(row.getString("url")),
            events,
            row.getString("secret"),
            Webhook.Format.fromWire(row.getString("format")),
            row.getOffsetDateTime("created_at").toInstant());
    WebhookEvent event =
        new WebhookEvent(
            row.getUUID("event_id"),
            EventType.fromWire(row.getString("type")),
            row.getString("experiment"),
            (JsonObject) row.getValue("payload"));
    return new Claimed(
        row.getLong("id"),
        row.getInteger("attempts"),
        webhook,
        event,
        row.getOffsetDateTime("event_created_at").toInstant());
  }

  /**
   * The outcome of one attempt. Written only while the row is still that attempt's (a late answer
   * after the lease passed and another server tried again changes nothing).
   *
   * @param statusCode the receiver's answer, or null when there was none
   * @param error null on success
   * @param retryIn when to try again; null to give up (marks the delivery failed)
   */
  Future<Void> record(
      Claimed claimed, Integer statusCode, String error, Duration retryIn, boolean delivered) {
    String status = delivered ? "delivered" : retryIn == null ? "failed" : "pending";
    return pool.preparedQuery(
            "UPDATE webhook_deliveries SET status = $3, last_status_code = $4, last_error = $5,"
                + " delivered_at = CASE WHEN $3 = 'delivered' THEN clock_timestamp() END,"
                + " next_attempt_at = clock_timestamp() + coalesce($6::bigint, 0) * interval '1 millisecond'"
                + " WHERE id = $1 AND attempts = $2 AND status = 'pending'")
        .execute(
            Tuple.from(
                new Object[] {
                  claimed.deliveryId(),
                  claimed.attempt(),
                  status,
                  statusCode,
                  error,
                  retryIn == null ? null : retryIn.toMillis()
                }))
        .mapEmpty();
  }
}
