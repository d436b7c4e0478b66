package dev.moments.server.store;

import dev.moments.server.auth.Caller;
import dev.moments.server.auth.Caller.KeyKind;
import dev.moments.server.auth.KeyQuota;
import dev.moments.server.auth.Role;
import dev.moments.server.domain.ConflictException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * People and their personal keys. A person is never deleted, only deactivated (their keys are
 * revoked with them), so the audit log keeps naming who did what. Every change is audited in its
 * transaction; changes that could leave nobody able to manage the server (demoting or deactivating
 * an admin) take the admin-credential lock and are refused when they would.
 */
public final class PeopleStore {
  private final Pool pool;
  private final KeyStore keys;

  public PeopleStore(Pool pool, KeyStore keys) {
    this.pool = pool;
    this.keys = keys;
  }

  /** A person as stored; {@code keyPrefix} is their active key's (empty once deactivated). */
  public record Person(
      long id,
      String name,
      String email,
      Role role,
      Instant createdAt,
      Optional<Instant> deactivatedAt,
      Optional<String> keyPrefix) {

    public boolean active() {
      return deactivatedAt.isEmpty();
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id)
          .put("name", name)
          .put("email", email)
          .put("role", role.wire())
          .put("active", active())
          .put("createdAt", createdAt.toString())
          .put("deactivatedAt", deactivatedAt.map(Instant::toString).orElse(null))
          .put("keyPrefix", keyPrefix.orElse(null));
    }
  }

  /** A person with a personal key that is shown this once (only its hash is kept). */
  public record Issued(Person person, String key) {
    public JsonObject toJson() {
      return person.toJson().put("key", key);
    }
  }

  public Future<Issued> create(Caller actor, String name, String email, Role role) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "INSERT INTO people (name, email, role) VALUES ($1, $2, $3)"
                        + " ON CONFLICT DO NOTHING RETURNING id")
                .execute(Tuple.of(name, email, role.wire()))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.failedFuture(
                            new ConflictException(
                                "duplicate_email",
                                "An active person with the e-mail address '"
                                    + email
                                    + "' already exists."));
                      }
                      long id = rows.iterator().next().getLong("id");
                      JsonObject after =
                          new JsonObject()
                              .put("name", name)
                              .put("email", email)
                              .put("role", role.wire());
                      return issueKey(conn, actor, id, name, "person.create", null, after);
                    }));
  }

  public Future<List<Person>> list() {
    return pool.query(PeopleRows.SELECT + " ORDER BY p.id").execute().map(PeopleRows::all);
  }

  public Future<Person> get(long id) {
    return PeopleRows.one(pool, id);
  }

  /** Gives an active person another role; an admin who is the last one cannot lose it. */
  public Future<Person> changeRole(Caller actor, long id, Role role) {
    return change(
        id,
        (conn, person) -> {
          if (person.role() == role) {
            return Future.succeededFuture();
          }
          return conn.preparedQuery("UPDATE people SET role = $2 WHERE id = $1")
              .execute(Tuple.of(id, role.wire()))
              .compose(
                  v ->
                      AuditLog.append(
                          conn,
                          actor,
                          "person.role",
                          "person",
                          String.valueOf(id),
                          new JsonObject().put("role", person.role().wire()),
                          new JsonObject().put("role", role.wire())))
              .compose(v -> lastAdminCheck(conn, person, "lose the admin role"));
        });
  }

  /** Deactivates a person and revokes their keys; the last admin cannot be deactivated. */
  public Future<Person> deactivate(Caller actor, long id) {
    return change(
        id,
        (conn, person) ->
            conn.preparedQuery("UPDATE people SET deactivated_at = now() WHERE id = $1")
                .execute(Tuple.of(id))
                .compose(v -> revokeKeys(conn, id))
                .compose(
                    revoked ->
                        AuditLog.append(
                            conn,
                            actor,
                            "person.deactivate",
                            "person",
                            String.valueOf(id),
                            PeopleRows.describe(person),
                            null))
                .compose(v -> lastAdminCheck(conn, person, "be deactivated")));
  }

  /** A new personal key for a person who lost theirs; the old one is revoked. */
  public Future<Issued> newKey(Caller actor, long id) {
    return pool.withTransaction(
            conn ->
                AdminCredentials.lock(conn)
                    .compose(v -> PeopleRows.active(conn, id))
                    .compose(
                        person ->
                            revokeKeys(conn, id)
                                .compose(
                                    revoked ->
                                        issueKey(
                                            conn,
                                            actor,
                                            id,
                                            person.name(),
                                            "person.key",
                                            new JsonObject().put("keyPrefix", revoked),
                                            new JsonObject())))
                    .compose(issued -> ConfigNotifier.notifyKeys(conn).map(issued)))
        .onSuccess(issued -> keys.forgetPerson(id));
  }

  private interface Change {
    Future<Void> apply(SqlConnection conn, Person person);
  }

  /** Runs a change of an active person under the admin-credential lock; then drops caches. */
  private Future<Person> change(long id, Change change) {
    return pool.withTransaction(
            conn ->
                AdminCredentials.lock(conn)
                    .compose(v -> PeopleRows.active(conn, id))
                    .compose(person -> change.apply(conn, person))
                    // other servers drop their cached authentication of this person's keys
                    .compose(v -> ConfigNotifier.notifyKeys(conn))
                    .compose(v -> PeopleRows.one(conn, id)))
        .onSuccess(person -> keys.forgetPerson(id));
  }

  /** After a change to an admin: refused if it left no admin credential. */
  private static Future<Void> lastAdminCheck(SqlConnection conn, Person person, String what) {
    if (person.role() != Role.ADMIN) {
      return Future.succeededFuture();
    }
    return AdminCredentials.requireOneLeft(
        conn,
        () ->
            new ConflictException(
                "last_admin",
                person.name()
                    + " is the last admin: without them nobody could manage the server, so they"
                    + " cannot "
                    + what
                    + ". Make another person an admin first."));
  }

  /** Stores a new personal key, audits the change with its prefix, and answers the person. */
  private Future<Issued> issueKey(
      SqlConnection conn,
      Caller actor,
      long id,
      String name,
      String action,
      JsonObject before,
      JsonObject after) {
    String key = KeyText.generate(KeyKind.PERSON);
    return KeyStore.insert(conn, KeyKind.PERSON, name, key, id, KeyQuota.DEFAULT)
        .compose(
            keyId ->
                AuditLog.append(
                    conn,
                    actor,
                    action,
                    "person",
                    String.valueOf(id),
                    before,
                    after.put("keyPrefix", KeyText.prefix(key))))
        .compose(v -> PeopleRows.one(conn, id))
        .map(person -> new Issued(person, key));
  }

  /** Revokes a person's active keys; answers the prefix of the last one, or null. */
  private static Future<String> revokeKeys(SqlConnection conn, long id) {
    return conn.preparedQuery(
            "UPDATE api_keys SET revoked_at = now() WHERE person_id = $1 AND revoked_at IS NULL"
                + " RETURNING key_prefix")
        .execute(Tuple.of(id))
        .map(
            rows -> {
              String prefix = null;
              for (Row row : rows) {
                prefix = row.getString("key_prefix");
              }
              return prefix;
            });
  }
}
