package dev.moments.server.rollup;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-unit tables the folders write: {@code exposures} (a unit's standing per experiment) and
 * {@code rollup_unit_state}, or the rebuild's scratch copies; table names are constants of this
 * package, never input. Split out of {@link RollupStore}, which keeps the rollups and the facts.
 */
final class UnitWrites {
  private UnitWrites() {}

  static Future<Void> saveExposures(SqlClient sql, String table, List<UnitExposure> exposures) {
    int n = exposures.size();
    if (n == 0) {
      return Future.succeededFuture();
    }
    String[] experiment = new String[n],
        unit = new String[n],
        variant = new String[n],
        attributes = new String[n];
    OffsetDateTime[] firstAt = new OffsetDateTime[n];
    Boolean[] forced = new Boolean[n], multiple = new Boolean[n], ad = new Boolean[n];
    for (int i = 0; i < n; i++) {
      UnitExposure x = exposures.get(i);
      experiment[i] = x.experiment();
      unit[i] = x.unitId();
      variant[i] = x.variant();
      firstAt[i] = OffsetDateTime.ofInstant(x.firstAt(), ZoneOffset.UTC);
      forced[i] = x.forced();
      multiple[i] = x.multiple();
      ad[i] = x.ad();
      attributes[i] = x.attributes();
    }
    return sql.preparedQuery(
            "INSERT INTO "
                + table
                + """
             (experiment, unit_id, variant, first_at, forced, multiple, attributes, ad)
            SELECT e, u, v, f, fo, m, a::jsonb, ad FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[],
                                                    $5::bool[], $6::bool[], $7::text[], $8::bool[])
                                                    AS t(e, u, v, f, fo, m, a, ad)
            ON CONFLICT (experiment, unit_id) DO UPDATE SET variant = excluded.variant, first_at = excluded.first_at,
              forced = excluded.forced, multiple = excluded.multiple, attributes = excluded.attributes,
              ad = excluded.ad""")
        .execute(Tuple.of(experiment, unit, variant, firstAt, forced, multiple, attributes, ad))
        .mapEmpty();
  }

  static Future<Void> saveStates(SqlClient sql, String table, Map<String, UnitState> states) {
    Map<String, byte[]> encoded = new HashMap<>(states.size() * 4 / 3 + 1);
    ByteArrayOutputStream scratch = new ByteArrayOutputStream(1024);
    states.forEach((unit, state) -> encoded.put(unit, UnitStateBytes.encode(state, scratch)));
    return saveEncodedStates(sql, table, encoded);
  }

  /**
   * As {@link #saveStates}, with the states already encoded (the rebuild keeps every unit's, so it
   * keeps them small).
   */
  static Future<Void> saveEncodedStates(SqlClient sql, String table, Map<String, byte[]> states) {
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
