package dev.moments.server.rollup;

import dev.moments.server.events.Event;
import java.time.Instant;
import java.util.Comparator;

/**
 * An event as committed: its commit order ({@code seq}) breaks ties between equal timestamps.
 *
 * @param receivedAt when the server stored it (database time); null in tests that do not care
 */
record StoredEvent(long seq, Event event, Instant receivedAt) {
  static final Comparator<StoredEvent> BY_TIME =
      Comparator.<StoredEvent, Instant>comparing(e -> e.event.timestamp())
          .thenComparingLong(StoredEvent::seq);

  StoredEvent(long seq, Event event) {
    this(seq, event, null);
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
