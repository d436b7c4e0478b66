package dev.moments.server.rollup;

import dev.moments.server.events.Event;
import java.util.Comparator;

/** An event as committed: its commit order ({@code seq}) breaks ties between equal timestamps. */
record StoredEvent(long seq, Event event) {
  static final Comparator<StoredEvent> BY_TIME =
      Comparator.<StoredEvent, java.time.Instant>comparing(e -> e.event.timestamp())
          .thenComparingLong(StoredEvent::seq);
}
