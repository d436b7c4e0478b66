package dev.moments.server.events;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The SQL of the inbox batch and of {@code rollup_unit_state}, the worker's per-unit summary. */
final class UnitStateStore {
  private UnitStateStore() {}

  /** The next inbox events in commit order, and the stored states of their units that have one. */
  record InboxBatch(List<StoredEvent> events, Map<String, UnitState> states) {}

  /**
   * Reads the batch and its units' states in one statement. The inbox seqs go in as an array so
   * that the plan probes the events and states by key (a join on the inbox lets the planner scan
   * whole tables). Only exposures' attributes are read: conversions' are never used for the
   * rollups. Events come in no set order.
   */
  static Future<InboxBatch> inboxBatch(SqlClient sql, int limit) {
    return sql.preparedQuery(
            """
            SELECT e.seq, e.id, e.type, e.unit_id, e.experiment, e.variant, e.metric, e.value, e.ts, e.forced,
                   (CASE WHEN e.type = 'exposure' THEN e.attributes END)::text, s.state
            FROM events e LEFT JOIN rollup_unit_state s ON s.unit_id = e.unit_id
            WHERE e.seq = ANY (ARRAY(SELECT seq FROM event_inbox ORDER BY seq LIMIT $1))""")
        .execute(Tuple.of(limit))
        .map(
            rows -> {
              List<StoredEvent> events = new ArrayList<>(rows.rowCount());
              Map<String, UnitState> states = new HashMap<>();
              for (Row r : rows) {
                StoredEvent e = new StoredEvent(r.getLong(0), RollupStore.event(r));
                events.add(e);
                Buffer state = r.getBuffer(11);
                if (state != null && !states.containsKey(e.event().unitId())) {
                  states.put(e.event().unitId(), UnitStateBytes.decode(state.getBytes()));
                }
              }
              return new InboxBatch(events, states);
            });
  }

  static Future<Void> save(SqlClient sql, String table, Map<String, UnitState> states) {
    Map<String, byte[]> encoded = new HashMap<>();
    states.forEach((unit, state) -> encoded.put(unit, UnitStateBytes.encode(state)));
    return saveEncoded(sql, table, encoded);
  }

  /**
   * As {@link #save}, with the states already encoded (the rebuild keeps every unit's, so it keeps
   * them small).
   */
  static Future<Void> saveEncoded(SqlClient sql, String table, Map<String, byte[]> states) {
    int n = states.size();
    if (n == 0) {
      return Future.succeededFuture();
    }
    String[] units = new String[n];
    Buffer[] encoded = new Buffer[n];
    int i = 0;
    for (Map.Entry<String, byte[]> e : states.entrySet()) {
      units[i] = e.getKey();
      encoded[i] = Buffer.buffer(e.getValue());
      i++;
    }
    return sql.preparedQuery(
            "INSERT INTO "
                + table
                + """
             (unit_id, state) SELECT * FROM unnest($1::text[], $2::bytea[])
            ON CONFLICT (unit_id) DO UPDATE SET state = excluded.state""")
        .execute(Tuple.tuple().addValue(units).addValue(encoded))
        .mapEmpty();
  }
}
