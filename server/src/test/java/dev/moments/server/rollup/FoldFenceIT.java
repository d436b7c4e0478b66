package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.db.FolderLock;
import dev.moments.server.events.Event;
import dev.moments.server.events.EventWriter;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fold's fences (issue 19.2): a partition whose fence another transaction holds is not folded,
 * the others are; nothing folds while the folders' lock is held exclusively (a status change, the
 * rebuild); and the inbox delete refuses a batch whose events another folder already took.
 */
class FoldFenceIT {
  @RegisterExtension final RollupDatabase database = new RollupDatabase();

  private long count(String sql) {
    return database.pool().query(sql).execute().await().iterator().next().getLong(0);
  }

  private List<Event> send(int seed) {
    RandomEvents random = new RandomEvents(seed);
    List<Event> distinct = random.generate(300);
    RollupFixture.sendConcurrently(
        new EventWriter(database.vertx(), database.pool(), 100_000),
        random.arrivalOrder(distinct),
        random.random());
    return distinct;
  }

  @Test
  void aFencedPartitionWaitsAndTheOthersFold() {
    List<Event> distinct = send(3);
    long inPartition3 = count("SELECT count(*) FROM event_inbox WHERE part = 3");
    assertTrue(inPartition3 > 0 && inPartition3 < distinct.size());
    SqlConnection other = database.pool().getConnection().await();
    Transaction tx = other.begin().await();
    other
        .preparedQuery("SELECT pg_advisory_xact_lock($1, 3)")
        .execute(Tuple.of(FoldPartitions.FENCE_CLASS))
        .await();
    RollupFixture.drain(database.pool());
    assertEquals(inPartition3, count("SELECT count(*) FROM event_inbox"));
    assertEquals(inPartition3, count("SELECT count(*) FROM event_inbox WHERE part = 3"));
    tx.rollback().await();
    other.close().await();
    RollupFixture.drain(database.pool());
    assertEquals(0, count("SELECT count(*) FROM event_inbox"));
    RollupFixture.assertRollupsMatchRecount(new RollupReader(database.pool()), distinct);
  }

  @Test
  void nothingFoldsWhileTheFoldersLockIsHeldExclusively() {
    send(4);
    long waiting = count("SELECT count(*) FROM event_inbox");
    SqlConnection other = database.pool().getConnection().await();
    Transaction tx = other.begin().await();
    other
        .preparedQuery("SELECT pg_advisory_xact_lock($1)")
        .execute(Tuple.of(FolderLock.KEY))
        .await();
    assertEquals(0, RollupWorker.runOnce(database.pool(), 1000).await());
    assertEquals(waiting, count("SELECT count(*) FROM event_inbox"));
    tx.rollback().await();
    other.close().await();
    assertTrue(RollupWorker.runOnce(database.pool(), 1000).await() > 0);
  }

  @Test
  void aBatchWhoseEventsAnotherFolderTookIsRolledBack() {
    send(5);
    Inbox.InboxRows rows =
        database
            .pool()
            .withTransaction(conn -> Inbox.batch(conn, List.of((short) 2), 10))
            .await()
            .rows();
    assertTrue(rows.seqs().length > 1);
    database
        .pool()
        .query("DELETE FROM event_inbox WHERE seq = " + rows.seqs()[0])
        .execute()
        .await();
    long before = count("SELECT count(*) FROM event_inbox");
    Exception refused =
        assertThrows(
            Exception.class,
            () -> database.pool().withTransaction(conn -> Inbox.remove(conn, rows)).await());
    assertTrue(
        refused.getMessage().contains("another folder took 1 of this batch's events"),
        refused.getMessage());
    assertEquals(before, count("SELECT count(*) FROM event_inbox"), "the delete is rolled back");
  }
}
