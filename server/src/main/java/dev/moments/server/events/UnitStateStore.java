package dev.moments.server.events;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The SQL of the inbox batch and of {@code rollup_unit_state}, the worker's per-unit summary. */
final class UnitStateStore {
  private UnitStateStore() {
  }

  /**
   * The next inbox events in commit order, read whole. Only exposures' attributes are read: conversions' are
   * never used for the rollups, and decoding them is a good part of the cost.
   */
  static Future<List<StoredEvent>> inboxEvents(SqlClient sql, int limit) {
    return sql.preparedQuery("""
            SELECT e.seq, e.id, e.type, e.unit_id, e.experiment, e.variant, e.metric, e.value, e.ts, e.forced,
                   CASE WHEN e.type = 'exposure' THEN e.attributes END
            FROM event_inbox i JOIN events e USING (seq)
            ORDER BY i.seq LIMIT $1""")
        .execute(Tuple.of(limit))
        .map(rows -> {
          List<StoredEvent> events = new ArrayList<>(rows.rowCount());
          for (Row r : rows) {
            events.add(new StoredEvent(r.getLong(0), RollupStore.event(r)));
          }
          return events;
        });
  }

  /** The stored states of these units; units without one are left out. */
  static Future<Map<String, UnitState>> states(SqlClient sql, Collection<String> units) {
    return sql.preparedQuery("SELECT unit_id, state FROM rollup_unit_state WHERE unit_id = ANY($1::text[])")
        .execute(Tuple.of(units.toArray(new String[0])))
        .map(rows -> {
          Map<String, UnitState> states = new HashMap<>();
          for (Row r : rows) {
            states.put(r.getString(0), UnitStateBytes.decode(r.getBuffer(1).getBytes()));
          }
          return states;
        });
  }

  static Future<Void> save(SqlClient sql, String table, Map<String, UnitState> states) {
    int n = states.size();
    if (n == 0) {
      return Future.succeededFuture();
    }
    String[] units = new String[n];
    Buffer[] encoded = new Buffer[n];
    int i = 0;
    for (Map.Entry<String, UnitState> e : states.entrySet()) {
      units[i] = e.getKey();
      encoded[i] = Buffer.buffer(UnitStateBytes.encode(e.getValue()));
      i++;
    }
    return sql.preparedQuery("INSERT INTO " + table + """
             (unit_id, state) SELECT * FROM unnest($1::text[], $2::bytea[])
            ON CONFLICT (unit_id) DO UPDATE SET state = excluded.state""")
        .execute(Tuple.tuple().addValue(units).addValue(encoded))
        .mapEmpty();
  }

  /** Whether every unit with folded events has a state row (see V3__rollup_unit_state.sql). */
  static Future<Boolean> complete(SqlClient sql) {
    return sql.query("SELECT complete FROM rollup_state_status").execute()
        .map(rows -> rows.iterator().hasNext() && rows.iterator().next().getBoolean(0));
  }
}
