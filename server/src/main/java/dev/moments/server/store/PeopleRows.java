package dev.moments.server.store;

import dev.moments.server.auth.Role;
import dev.moments.server.domain.NotFoundException;
import dev.moments.server.store.PeopleStore.Person;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading the {@code people} table (with each person's active key prefix) into {@link Person}. */
final class PeopleRows {
  static final String SELECT =
      "SELECT p.id, p.name, p.email, p.role, p.created_at, p.deactivated_at, k.key_prefix"
          + " FROM people p LEFT JOIN LATERAL (SELECT key_prefix FROM api_keys"
          + " WHERE person_id = p.id AND revoked_at IS NULL ORDER BY id DESC LIMIT 1) k ON true";

  private PeopleRows() {}

  /** An active person, locked against other changes of the row until the transaction ends. */
  static Future<Person> active(SqlConnection conn, long id) {
    return conn.preparedQuery(SELECT + " WHERE p.id = $1 FOR NO KEY UPDATE OF p")
        .execute(Tuple.of(id))
        .compose(
            rows -> {
              List<Person> found = all(rows);
              if (found.isEmpty() || !found.get(0).active()) {
                return Future.failedFuture(
                    new NotFoundException("Active person", String.valueOf(id)));
              }
              return Future.succeededFuture(found.get(0));
            });
  }

  /** A person, active or not. */
  static Future<Person> one(SqlClient client, long id) {
    return client
        .preparedQuery(SELECT + " WHERE p.id = $1")
        .execute(Tuple.of(id))
        .compose(
            rows -> {
              List<Person> found = all(rows);
              return found.isEmpty()
                  ? Future.failedFuture(new NotFoundException("Person", String.valueOf(id)))
                  : Future.succeededFuture(found.get(0));
            });
  }

  /** A person as the audit log records them. */
  static JsonObject describe(Person person) {
    return new JsonObject()
        .put("name", person.name())
        .put("email", person.email())
        .put("role", person.role().wire())
        .put("keyPrefix", person.keyPrefix().orElse(null));
  }

  /** The rows of {@link #SELECT} as people. */
  static List<Person> all(Iterable<Row> rows) {
    List<Person> people = new ArrayList<>();
    for (Row row : rows) {
      people.add(
          new Person(
              row.getLong("id"),
              row.getString("name"),
              row.getString("email"),
              Role.fromWire(row.getString("role")).orElseThrow(),
              row.getOffsetDateTime("created_at").toInstant(),
              Optional.ofNullable(row.getOffsetDateTime("deactivated_at"))
                  .map(OffsetDateTime::toInstant),
              Optional.ofNullable(row.getString("key_prefix"))));
    }
    return people;
  }
}
