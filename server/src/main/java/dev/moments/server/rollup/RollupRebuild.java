package dev.moments.server.rollup;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.db.Pools;
import dev.moments.server.stats.SampleStats;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code rebuild-rollups}: recomputes every rollup and exposure from the raw events into scratch
 * tables, reports how the live ones differ, and replaces them, all in one transaction while holding
 * the workers' lock.
 */
public final class RollupRebuild {
  static final int UNITS_PER_PAGE = 2000;
  static final int ROWS_PER_INSERT = 20_000;
  private static final String ROLLUP_DIFFERENCES =
      """
      SELECT experiment, metric, variant, day, segment_attribute, segment_value,
             l.units, l.converted, l.sum, l.sum_squares, r.units, r.converted, r.sum, r.sum_squares
      FROM rollups l FULL JOIN rollups_rebuilt r
           USING (experiment, segment_attribute, metric, variant, day, segment_value)
      WHERE coalesce(l.units, 0) <> coalesce(r.units, 0) OR coalesce(l.converted, 0) <> coalesce(r.converted, 0)
         OR abs(coalesce(l.sum, 0) - coalesce(r.sum, 0)) > 1e-6 * greatest(1, abs(coalesce(r.sum, 0)))
         OR abs(coalesce(l.sum_squares, 0) - coalesce(r.sum_squares, 0))
            > 1e-6 * greatest(1, abs(coalesce(r.sum_squares, 0)))
         OR EXISTS (SELECT 1 FROM unnest(l.covariates, r.covariates) AS c(a, b)
                    WHERE abs(coalesce(a, 0) - coalesce(b, 0)) > 1e-6 * greatest(1, abs(coalesce(b, 0))))
      ORDER BY experiment, metric, variant, day, segment_attribute, segment_value""";
  private static final String EXPOSURE_DIFFERENCES =
      """
      SELECT 'live only: ' || d::text FROM (SELECT * FROM exposures EXCEPT SELECT * FROM exposures_rebuilt) d
      UNION ALL
      SELECT 'rebuilt only: ' || d::text FROM (SELECT * FROM exposures_rebuilt EXCEPT SELECT * FROM exposures) d""";

  /**
   * @param events raw events read
   * @param rollupRows rollup rows now live
   * @param exposureRows exposure rows now live
   * @param pendingInbox events that were still waiting for the worker (their effect shows as
   *     differences)
   * @param differences every rollup or exposure row that differed, as text
   */
  public record Result(
      long events,
      long rollupRows,
      long exposureRows,
      long pendingInbox,
      List<String> differences) {
    public boolean agree() {
      return differences.isEmpty();
    }
  }

  /**
   * The retention has dropped raw events: the rollups hold what they counted and can no longer be
   * recomputed from what is left. Nothing was changed.
   */
  public static final class Refused extends IllegalStateException {
    Refused(String message) {
      super(message);
    }
  }

  private RollupRebuild() {}

  /**
   * Blocking; prints the differences or "rollups agree: N rows" and returns what it found.
   *
   * @throws Refused once the retention has dropped raw events (server/README.md, "Event
   *     retention"), before it changes anything
   */
  public static Result run(DatabaseTarget target) {
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = Pools.open(vertx, target, 1);
      SqlConnection conn = pool.getConnection().await();
      try {
        // a session lock, taken before the snapshot, so the snapshot sees the last batch the worker
        // committed
        FoldFence.lockSession(conn).await();
        refuseAfterRetention(conn);
        Result result = rebuild(conn);
        print(result);
        return result;
      } finally {
        FoldFence.unlockSession(conn).await();
        conn.close().await();
        pool.close().await();
      }
    } finally {
      vertx.close().await();
    }
  }

  private static void refuseAfterRetention(SqlConnection conn) {
    Row status =
        conn.query("SELECT dropped_before FROM event_retention_status")
            .execute()
            .await()
            .iterator()
            .next();
    if (status.getValue(0) != null) {
      throw new Refused(
          "rebuild-rollups refused: the event retention (MOMENTS_EVENT_RETENTION_DAYS) has dropped"
              + " the raw events received before "
              + status.getOffsetDateTime(0).toInstant()
              + ", so the rollups cannot be recomputed from what is left. The rollups, exposures"
              + " and unit states are unchanged; they keep every event they counted.");
    }
  }

  private static Result rebuild(SqlConnection conn) {
    Transaction tx = conn.begin().await();
    conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute().await();
    long pending = InboxCount.pending(conn).await();
    conn.query("CREATE TEMP TABLE rollups_rebuilt (LIKE rollups INCLUDING ALL) ON COMMIT DROP")
        .execute()
        .await();
    conn.query("CREATE TEMP TABLE exposures_rebuilt (LIKE exposures INCLUDING ALL) ON COMMIT DROP")
        .execute()
        .await();
    Recomputed all = recompute(conn);
    RollupStore.addToRollups(conn, "rollups_rebuilt", all.cells).await();
    for (int i = 0; i < all.exposures.size(); i += ROWS_PER_INSERT) {
      List<UnitExposure> chunk =
          all.exposures.subList(i, Math.min(all.exposures.size(), i + ROWS_PER_INSERT));
      UnitWrites.saveExposures(conn, "exposures_rebuilt", chunk).await();
    }
    replaceStates(conn, all.states);
    MetricDays.recount(conn).await();
    List<String> differences = differences(conn);
    for (String sql :
        List.of(
            "DELETE FROM rollups",
            "INSERT INTO rollups SELECT * FROM rollups_rebuilt",
            "DELETE FROM exposures",
            "INSERT INTO exposures SELECT * FROM exposures_rebuilt")) {
      conn.query(sql).execute().await();
    }
    // only the inbox rows this snapshot sees: later ones are not in the rebuild and stay for the
    // worker
    Inbox.clear(conn).await();
    tx.commit().await();
    return new Result(all.events, all.cells.size(), all.exposures.size(), pending, differences);
  }

  private record Recomputed(
      long events,
      Map<RollupKey, SampleStats> cells,
      List<UnitExposure> exposures,
      Map<String, byte[]> states) {}

  /**
   * The worker's per-unit states, from the same events, so that it continues from the rebuilt
   * rollups.
   */
  private static void replaceStates(SqlConnection conn, Map<String, byte[]> states) {
    conn.query("DELETE FROM rollup_unit_state").execute().await();
    Map<String, byte[]> chunk = new HashMap<>();
    for (Map.Entry<String, byte[]> e : states.entrySet()) {
      chunk.put(e.getKey(), e.getValue());
      if (chunk.size() == ROWS_PER_INSERT) {
        UnitWrites.saveEncodedStates(conn, "rollup_unit_state", chunk).await();
        chunk.clear();
      }
    }
    UnitWrites.saveEncodedStates(conn, "rollup_unit_state", chunk).await();
    conn.query("UPDATE rollup_state_status SET complete = true").execute().await();
  }

  /**
   * Every unit's contribution, a page of units at a time, with the same function the worker uses.
   */
  private static Recomputed recompute(SqlConnection conn) {
    CellSums cells = new CellSums();
    List<UnitExposure> exposures = new ArrayList<>();
    Map<String, byte[]> states = new HashMap<>();
    KnownFacts facts = new KnownFacts();
    long events = 0;
    String after = "";
    while (true) {
      List<String> units = new ArrayList<>();
      for (Row r :
          conn.preparedQuery(
                  "SELECT DISTINCT unit_id FROM events WHERE unit_id > $1 ORDER BY unit_id LIMIT $2")
              .execute(Tuple.of(after, UNITS_PER_PAGE))
              .await()) {
        units.add(r.getString(0));
      }
      if (units.isEmpty()) {
        break;
      }
      after = units.get(units.size() - 1);
      Map<String, List<Inbox.LoadedEvent>> byUnit = Inbox.unitEvents(conn, units).await();
      facts.load(conn, FoldTransaction.experimentsOf(byUnit)).await();
      for (List<Inbox.LoadedEvent> unitEvents : byUnit.values()) {
        events += unitEvents.size();
        List<StoredEvent> stored = unitEvents.stream().map(Inbox.LoadedEvent::stored).toList();
        Attribution.Contribution c = Attribution.of(stored, facts);
        cells.add(c.cells(), 1);
        exposures.addAll(c.exposures());
        states.put(stored.get(0).event().unitId(), UnitStateBytes.encode(c.state()));
      }
    }
    return new Recomputed(events, cells.totals(), exposures, states);
  }

  private static List<String> differences(SqlConnection conn) {
    List<String> out = new ArrayList<>();
    for (Row r : conn.query(ROLLUP_DIFFERENCES).execute().await()) {
      out.add(
          String.format(
              "rollup %s %s %s %s %s=%s: live units=%s converted=%s sum=%s sumSquares=%s,"
                  + " rebuilt units=%s converted=%s sum=%s sumSquares=%s",
              r.getValue(0),
              r.getValue(1),
              r.getValue(2),
              r.getValue(3),
              r.getValue(4),
              r.getValue(5),
              r.getValue(6),
              r.getValue(7),
              r.getValue(8),
              r.getValue(9),
              r.getValue(10),
              r.getValue(11),
              r.getValue(12),
              r.getValue(13)));
    }
    for (Row r : conn.query(EXPOSURE_DIFFERENCES).execute().await()) {
      out.add("exposure " + r.getString(0));
    }
    return out;
  }

  private static void print(Result result) {
    if (result.pendingInbox() > 0) {
      System.out.println(
          result.pendingInbox()
              + " events were still waiting for the rollup worker; "
              + "their effect shows below as differences");
    }
    result.differences().stream().limit(200).forEach(System.out::println);
    if (result.agree()) {
      System.out.println(
          "rollups agree: "
              + result.rollupRows()
              + " rows, "
              + result.exposureRows()
              + " exposures, from "
              + result.events()
              + " events");
    } else {
      System.out.println(
          result.differences().size()
              + " rows differed; the rollups were replaced by the rebuilt ones ("
              + result.rollupRows()
              + " rows, "
              + result.exposureRows()
              + " exposures, from "
              + result.events()
              + " events)");
    }
  }
}
