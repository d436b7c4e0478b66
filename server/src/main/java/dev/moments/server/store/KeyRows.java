package dev.moments.server.store;

import dev.moments.server.auth.Caller;
import dev.moments.server.auth.Caller.KeyKind;
import dev.moments.server.auth.KeyQuota;
import dev.moments.server.auth.Role;
import dev.moments.server.domain.NotFoundException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/** Rows of {@code api_keys} as the API shows them and as authentication needs them. */
final class KeyRows {
  private KeyRows() {}

  static JsonObject keyJson(Row row) {
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put("kind", row.getString("kind"))
        .put("name", row.getString("name"))
        .put("keyPrefix", row.getString("key_prefix"))
        .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
        .put("personId", row.getLong("person_id"))
        .put("revoked", row.getValue("revoked_at") != null)
        .put("quota", quotaJson(toQuota(row)))
        .put("origins", origins(row).isEmpty() ? null : new JsonArray(origins(row)))
        .put(
            "lastUsedAt",
            row.getValue("last_used_at") == null
                ? null
                : row.getOffsetDateTime("last_used_at").toInstant().toString());
  }

  /** The one row an UPDATE of an active key returned; 404 when the key is unknown or revoked. */
  static Future<Row> updated(RowSet<Row> rows, long id) {
    return rows.size() == 0
        ? Future.failedFuture(new NotFoundException("Active key", String.valueOf(id)))
        : Future.succeededFuture(rows.iterator().next());
  }

  /** The origins a key is limited to; empty when any origin may use it. */
  static List<String> origins(Row row) {
    String[] origins = row.getArrayOfStrings("allowed_origins");
    return origins == null ? List.of() : List.of(origins);
  }

  /** A key's own rates; null where the server's default applies. */
  static JsonObject quotaJson(KeyQuota quota) {
    return new JsonObject()
        .put("assignPerSecond", boxed(quota.assignPerSecond()))
        .put("eventsPerSecond", boxed(quota.eventsPerSecond()));
  }

  static KeyQuota toQuota(Row row) {
    return new KeyQuota(
        optional(row.getInteger("assign_per_second")),
        optional(row.getInteger("events_per_second")));
  }

  static OptionalInt optional(Integer value) {
    return value == null ? OptionalInt.empty() : OptionalInt.of(value);
  }

  static Integer boxed(OptionalInt value) {
    return value.isPresent() ? value.getAsInt() : null;
  }

  static Caller toCaller(Row row) {
    KeyKind kind = KeyKind.valueOf(row.getString("kind").toUpperCase(Locale.ROOT));
    if (kind != KeyKind.PERSON) {
      return Caller.key(row.getLong("id"), kind, row.getString("name"));
    }
    return Caller.person(
        row.getLong("id"),
        new Caller.Person(
            row.getLong("person_id"),
            row.getString("person_name"),
            row.getString("email"),
            Role.fromWire(row.getString("role")).orElseThrow()));
  }
}
