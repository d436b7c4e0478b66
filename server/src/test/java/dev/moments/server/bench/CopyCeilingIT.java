package dev.moments.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ceiling of the ingest pair (issue 19.7) writes what the server's write must: the events and,
 * since V27, each id in the dedupe key {@code event_ids}, committed together.
 */
class CopyCeilingIT {
  @Test
  void copiesEachEventWithItsDedupeIdInOneTransactionPerChunk() throws Exception {
    DatabaseTarget db = TestDatabase.fresh();
    CopyCeiling.copy(db, new BenchEvents(50, "it"), 0, 1_000, 300, false);
    assertEquals(List.of("1000"), TestDatabase.strings(db, "SELECT count(*) FROM events"));
    assertEquals(
        List.of("1000"),
        TestDatabase.strings(
            db,
            "SELECT count(*) FROM events e JOIN event_ids i ON i.id = e.id"
                + " AND i.received_at = e.received_at"),
        "every event's id is in event_ids, received in the event's transaction");
    assertEquals(
        List.of("4"),
        TestDatabase.strings(db, "SELECT count(DISTINCT received_at) FROM event_ids"),
        "one transaction per chunk of 300: 4 for 1,000 events");
    assertEquals(List.of("0"), TestDatabase.strings(db, "SELECT count(*) FROM event_inbox"));
  }
}
