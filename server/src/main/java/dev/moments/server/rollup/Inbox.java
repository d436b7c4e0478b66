package dev.moments.server.rollup;

import dev.moments.server.events.Event;
import dev.moments.server.events.EventType;
import dev.moments.server.events.Exclusion;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code event_inbox}: the committed events the rollups do not hold yet. The event writer adds to
 * it in the statement that stores the events, with the fold partition of the event's unit; this
 * class alone reads it and deletes from it ({@link InboxCount} reads its count, {@link FoldFence}
 * orders the folds).
 */
final class Inbox {
  private Inbox() {}

  /** A stored event and whether it is still waiting in the inbox (not yet in the rollups). */
  record LoadedEvent(StoredEvent stored, boolean pending) {}

  /**
   * The next inbox events of some partitions, the stored states of their units that have one, and
   * their inbox rows' keys.
   *
   * @param lagMs how long ago the oldest event waiting in these partitions was stored, when the
   *     batch was read (0 when none waits): what the claim read for all partitions at once before
   *     (see {@link InboxCount#backlog}), now from the rows the batch reads anyway
   * @param allPartitions whether these partitions are all of them, so {@code lagMs} is the lag of
   *     the whole inbox
   */
  record Batch(
      List<StoredEvent> events,
      Map<String, UnitState> states,
      InboxRows rows,
      long lagMs,
      boolean allPartitions) {
    Batch(List<StoredEvent> events, Map<String, UnitState> states, InboxRows rows) {
      this(events, states, rows, 0, false);
    }
  }

  /** Inbox rows by their key, partition and seq (parallel arrays). */
  record InboxRows(Short[] parts, Long[] seqs) {}

  /**
   * Reads the batch, at most {@code perPartition} of the oldest inbox events of each partition, and
   * its units' states in one statement. The inbox keys go in as arrays so that the plan probes the
   * events and states by key (a join on the inbox lets the planner scan whole tables), and the span
   * of their received times, so that only those days' partitions of {@code events} are probed
   * (pruned when the statement runs; a span, as an array of every insert's time would be searched
   * once per row). Only exposures' attributes are read: conversions' are never used for the
   * rollups. Events come in no set order.
   *
   * <p>The states come as rows of their own after the events' (seq null), one per distinct unit:
   * joined to each event row, a unit's state bytes were sent and decoded by the client once per
   * event of the batch instead of once (issue 19.3: the read was 35-39 us of the fold's ~85 us per
   * event).
   *
   * <p>A last row (seq and unit null) holds {@link Batch#lagMs} and {@link Batch#allPartitions},
   * from the partitions' heads this statement reads anyway: the claim probed all 16 heads again for
   * it, stepping over the dead rows of the last folds each time.
   */
  static Future<Batch> batch(SqlClient sql, List<Short> partitions, int perPartition) {
    return sql.preparedQuery(
            """
            WITH i AS MATERIALIZED (
              SELECT i.seq, i.received_at FROM unnest($1::int2[]) AS p,
                     LATERAL (SELECT seq, received_at FROM event_inbox WHERE part = p ORDER BY seq LIMIT $2) i),
            b AS MATERIALIZED (
              SELECT e.seq, e.id, e.type, e.unit_id, e.experiment, e.variant, e.metric, e.value, e.ts, e.forced,
                     (CASE WHEN e.type = 'exposure' THEN e.attributes END)::text AS attributes, e.received_at,
                     e.source, e.excluded
              FROM events e
              WHERE e.seq = ANY (ARRAY(SELECT seq FROM i))
                AND e.received_at BETWEEN (SELECT min(received_at) FROM i) AND (SELECT max(received_at) FROM i))
            SELECT b.*, NULL::bytea, fold_partition(b.unit_id), NULL::int8, NULL::bool FROM b
            UNION ALL
            SELECT NULL, NULL, NULL, s.unit_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, s.state, NULL,
                   NULL, NULL
            FROM rollup_unit_state s WHERE s.unit_id = ANY (ARRAY(SELECT DISTINCT unit_id FROM b))
            UNION ALL
            SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   coalesce((extract(epoch FROM clock_timestamp() - (SELECT min(received_at) FROM i)) * 1000)::int8, 0),
                   cardinality($1::int2[]) = fold_partitions()""")
        .execute(Tuple.of(partitions.toArray(new Short[0]), perPartition))
        .map(
            rows -> {
              List<StoredEvent> events = new ArrayList<>(rows.rowCount());
              Map<String, UnitState> states = new HashMap<>();
              Short[] parts = new Short[rows.rowCount()];
              Long[] seqs = new Long[rows.rowCount()];
              long lagMs = 0;
              boolean all = false;
              for (Row r : rows) {
                if (r.getValue(0) == null && r.getValue(3) == null) {
                  lagMs = Math.max(0, r.getLong(16));
                  all = r.getBoolean(17);
                  continue;
                }
                if (r.getValue(0) == null) {
                  states.put(r.getString(3), UnitStateBytes.decode(r.getBuffer(14).getBytes()));
                  continue;
                }
                StoredEvent e = stored(r);
                parts[events.size()] = r.getShort(15);
                seqs[events.size()] = e.seq();
                events.add(e);
              }
              int n = events.size();
              return new Batch(
                  events,
                  states,
                  new InboxRows(Arrays.copyOf(parts, n), Arrays.copyOf(seqs, n)),
                  lagMs,
                  all);
            });
  }

  /**
   * Every event of these units, folded or waiting, grouped by unit; not those the database refused
   * to fold ({@link FoldRefusals}), which are in no rollup.
   */
  static Future<Map<String, List<LoadedEvent>>> unitEvents(
      SqlClient sql, Collection<String> units) {
    return sql.preparedQuery(
            """
            SELECT e.seq, e.id, e.type, e.unit_id, e.experiment, e.variant, e.metric, e.value, e.ts, e.forced,
                   e.attributes::text, e.received_at, e.source, e.excluded, i.seq IS NOT NULL
            FROM events e LEFT JOIN event_inbox i ON i.part = fold_partition(e.unit_id) AND i.seq = e.seq
            WHERE e.unit_id = ANY($1::text[])
              AND NOT EXISTS (SELECT 1 FROM refused_events r WHERE r.seq = e.seq)""")
        .execute(Tuple.of(units.toArray(new String[0])))
        .map(
            rows -> {
              Map<String, List<LoadedEvent>> byUnit = new HashMap<>();
              for (Row r : rows) {
                LoadedEvent e = new LoadedEvent(stored(r), r.getBoolean(14));
                byUnit.computeIfAbsent(e.stored().event().unitId(), k -> new ArrayList<>()).add(e);
              }
              return byUnit;
            });
  }

  /**
   * Takes folded events out, in the transaction that added them to the rollups, and fails (so the
   * transaction rolls back) unless every one of them was still there: an event is folded once even
   * if the fences were ever bypassed.
   *
   * <p>Not merged into the batch read as a {@code DELETE ... RETURNING} (one statement fewer): the
   * inbox count's trigger (V9__inbox_count.sql) updates the deleting backend's slot row, which the
   * writers whose backends share the slot update too, so deleting first would hold that row locked
   * through the whole fold (1-2 s a batch of 20,000) and hold back those writers' acknowledgements.
   * Last, it is held only until the commit that follows.
   */
  static Future<Void> remove(SqlClient sql, InboxRows rows) {
    return sql.preparedQuery(
            """
            DELETE FROM event_inbox i USING unnest($1::int2[], $2::int8[]) AS d(part, seq)
            WHERE i.part = d.part AND i.seq = d.seq""")
        .execute(Tuple.tuple().addValue(rows.parts()).addValue(rows.seqs()))
        .compose(
            deleted ->
                deleted.rowCount() == rows.seqs().length
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        new IllegalStateException(
                            "another folder took "
                                + (rows.seqs().length - deleted.rowCount())
                                + " of this batch's events first; the batch is rolled back")));
  }

  /**
   * Vacuums the inbox: the folds delete each partition's oldest rows, and until a vacuum removes
   * them every read of a partition's head (the batch read, the claim, the lag gauge, every report's
   * watermark) steps over all the dead index entries deleted since the last one. Autovacuum looks
   * at a database once a minute (autovacuum_naptime), in which a fold at 15,000 events/s leaves
   * 900,000 of them; the worker vacuums after every {@link RollupWorker#VACUUM_EVERY} events it
   * folded instead. Skipped when another session vacuums the inbox already; never truncates the
   * table's end (that would take its exclusive lock and hold up the writers' inserts).
   */
  static Future<Void> vacuum(SqlClient sql) {
    return sql.query("VACUUM (SKIP_LOCKED, TRUNCATE FALSE, INDEX_CLEANUP ON) event_inbox")
        .execute()
        .mapEmpty();
  }

  /** Empties the inbox (of the rows the caller's snapshot sees): the rebuild folded them all. */
  static Future<Void> clear(SqlClient sql) {
    return sql.query("DELETE FROM event_inbox").execute().mapEmpty();
  }

  /**
   * Columns 0 to 13 of both queries. Column 10 is the attributes as text: the pg client decodes a
   * row on the event loop that owns the connection, so jsonb would be parsed there; text is kept
   * unparsed in the {@link StoredEvent}, parsed by the fold only for a unit's first exposure.
   */
  private static StoredEvent stored(Row r) {
    Double value = r.getDouble(7);
    String attributes = r.getString(10);
    Event event =
        new Event(
            r.getString(1),
            EventType.fromWire(r.getString(2)),
            r.getString(3),
            r.getString(4),
            r.getString(5),
            r.getString(6),
            value == null ? 0 : value,
            r.getOffsetDateTime(8).toInstant(),
            r.getBoolean(9),
            null,
            r.getString(12),
            Exclusion.fromWire(r.getString(13)));
    return new StoredEvent(r.getLong(0), event, r.getOffsetDateTime(11).toInstant(), attributes);
  }
}
