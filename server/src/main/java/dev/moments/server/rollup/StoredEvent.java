package dev.moments.server.rollup;

import dev.moments.server.events.Event;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Comparator;

/**
 * An event as committed: its commit order ({@code seq}) breaks ties between equal timestamps.
 *
 * @param receivedAt when the server stored it (database time); null in tests that do not care
 * @param attributesJson the attributes as the database returned them, unparsed, for an event read
 *     from the database (whose {@code event().attributes()} is then null); null when the event
 *     holds them itself. Only a unit's first counted exposure in an experiment needs them (its
 *     segments), so they are parsed then, not when the batch is read: parsing every exposure's
 *     attributes was 7.7 % of the worker's CPU (issue 19.3)
 */
record StoredEvent(long seq, Event event, Instant receivedAt, String attributesJson) {
  static final Comparator<StoredEvent> BY_TIME =
      Comparator.<StoredEvent, Instant>comparing(e -> e.event.timestamp())
          .thenComparingLong(StoredEvent::seq);

  StoredEvent(long seq, Event event, Instant receivedAt) {
    this(seq, event, receivedAt, null);
  }

  StoredEvent(long seq, Event event) {
    this(seq, event, null, null);
  }

  /** The event's attributes as JSON text, as stored. */
  String attributesText() {
    return attributesJson != null || event.attributes() == null
        ? attributesJson
        : event.attributes().encode();
  }

  /** The event's attributes, parsed on each call: call it once per first exposure. */
  JsonObject attributes() {
    return attributesJson == null ? event.attributes() : new JsonObject(attributesJson);
  }

  /**
   * The time that decides whether the event fell inside a running period: its timestamp, or when it
   * was stored if that was earlier (a client clock ahead of ours). Never later than its commit, so
   * a status change stamped after a fold is later than every event that fold saw.
   */
  Instant effectiveAt() {
    Instant ts = event.timestamp();
    return receivedAt == null || !receivedAt.isBefore(ts) ? ts : receivedAt;
  }
}
