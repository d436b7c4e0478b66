package dev.moments.server.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.moments.server.auth.Caller;
import dev.moments.server.auth.Caller.KeyKind;
import dev.moments.server.auth.Role;
import dev.moments.server.domain.ConflictException;
import dev.moments.server.domain.NotFoundException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * API keys. Only a SHA-256 of each key is stored, so a database dump holds no usable key. Lookups
 * are cached briefly because every request authenticates; a revocation is immediate on this server
 * and reaches others within the cache lifetime.
 */
public final class KeyStore {
  /** The names of the admin keys that start-up makes: a MOMENTS_ADMIN_KEY replaces both. */
  public static final String CONFIGURED_ADMIN = "MOMENTS_ADMIN_KEY";

  public static final String GENERATED_ADMIN = "generated at first start";

  /** Clear characters kept of each key, to tell keys apart in lists and the audit log. */
  static final int PREFIX_LENGTH = 4;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration CACHE_LIFETIME = Duration.ofSeconds(10);
  private final Pool pool;
  // Keyed by the presented key itself so the hot path skips SHA-256; only this process's memory
  // holds it,
  // as it already holds the request headers.
  private final Cache<String, Optional<Caller>> byKey =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CACHE_LIFETIME).build();

  public KeyStore(Pool pool) {
    this.pool = pool;
  }

  public record NewKey(long id, String key, KeyKind kind, String name) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id)
          .put("key", key)
          .put("kind", kind.name().toLowerCase(Locale.ROOT))
          .put("name", name);
    }
  }

  public static String generate(KeyKind kind) {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    String prefix =
        switch (kind) {
          case ADMIN -> "ak_";
          case SERVER -> "sk_";
          case CLIENT -> "pk_";
          case PERSON -> "uk_";
        };
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String hash(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  public Future<Optional<Caller>> authenticate(String key) {
    Optional<Caller> cached = byKey.getIfPresent(key);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    // A deactivated person's keys are revoked too; the join refuses them even if one were not.
    return pool.preparedQuery(
            "SELECT k.id, k.kind, k.name, p.id AS person_id, p.name AS person_name, p.email,"
                + " p.role FROM api_keys k LEFT JOIN people p ON p.id = k.person_id"
                + " WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND p.deactivated_at IS NULL")
        .execute(Tuple.of(hash(key)))
        .map(
            rows -> {
              Optional<Caller> caller =
                  rows.size() == 0
                      ? Optional.empty()
                      : Optional.of(toCaller(rows.iterator().next()));
              byKey.put(key, caller);
              return caller;
            });
  }

  public Future<NewKey> create(Caller actor, KeyKind kind, String name) {
    String key = generate(kind);
    return insert(actor, kind, name, key).map(id -> new NewKey(id, key, kind, name));
  }

  /**
   * Registers a key whose text is already known (the configured admin key); a no-op when it exists.
   */
  public Future<Long> register(KeyKind kind, String name, String key) {
    return pool.preparedQuery(
            "INSERT INTO api_keys (kind, name, key_hash, key_prefix) VALUES ($1, $2, $3, $4)"
                + " ON CONFLICT (key_hash) DO UPDATE SET revoked_at = NULL RETURNING id")
        .execute(Tuple.of(wire(kind), name, hash(key), prefix(key)))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  /** An admin key that start-up replaced: revoked, named in the start-up log. */
  public record ReplacedKey(long id, String name, String keyPrefix) {}

  /**
   * Revokes every other admin key that start-up made (configured or generated), so a new
   * MOMENTS_ADMIN_KEY replaces the previous one instead of leaving it valid; audited as the new
   * key.
   */
  public Future<List<ReplacedKey>> replaceStartupAdminKeys(long keptId) {
    Caller actor = Caller.key(keptId, KeyKind.ADMIN, CONFIGURED_ADMIN);
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "UPDATE api_keys SET revoked_at = now() WHERE kind = 'admin' AND revoked_at IS"
                        + " NULL AND id <> $1 AND name IN ($2, $3) RETURNING id, kind, name,"
                        + " key_prefix")
                .execute(Tuple.of(keptId, CONFIGURED_ADMIN, GENERATED_ADMIN))
                .compose(
                    rows -> {
                      List<ReplacedKey> replaced = new ArrayList<>();
                      Future<Void> audit = Future.succeededFuture();
                      for (Row row : rows) {
                        ReplacedKey key =
                            new ReplacedKey(
                                row.getLong("id"),
                                row.getString("name"),
                                row.getString("key_prefix"));
                        replaced.add(key);
                        audit = audit.compose(v -> revoked(conn, actor, key.id(), row));
                      }
                      return audit.map(replaced);
                    }));
  }

  /** Whether anyone can manage the server: an admin key or an active person with the admin role. */
  public Future<Boolean> anyAdminCredential() {
    return AdminCredentials.count(pool).map(count -> count > 0);
  }

  private Future<Long> insert(Caller actor, KeyKind kind, String name, String key) {
    return pool.withTransaction(
        conn ->
            insert(conn, kind, name, key, null)
                .compose(
                    id ->
                        AuditLog.append(
                                conn,
                                actor,
                                "key.create",
                                "key",
                                String.valueOf(id),
                                null,
                                new JsonObject()
                                    .put("kind", wire(kind))
                                    .put("name", name)
                                    .put("keyPrefix", prefix(key)))
                            .map(id)));
  }

  /** Stores a new key's hash and prefix; a personal key names its person. */
  static Future<Long> insert(
      SqlConnection conn, KeyKind kind, String name, String key, Long personId) {
    return conn.preparedQuery(
            "INSERT INTO api_keys (kind, name, key_hash, key_prefix, person_id)"
                + " VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .execute(Tuple.of(wire(kind), name, hash(key), prefix(key), personId))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  public Future<JsonArray> list() {
    return pool.query(
            "SELECT id, kind, name, key_prefix, person_id, created_at, revoked_at FROM api_keys"
                + " ORDER BY id")
        .execute()
        .map(KeyStore::toJson);
  }

  /**
   * Revokes a key; the last admin credential cannot be revoked (nobody could manage the server
   * after). Changes to admin credentials take one lock, so two concurrent revocations cannot both
   * pass.
   */
  public Future<Void> revoke(Caller actor, long id) {
    return pool.withTransaction(
        conn ->
            AdminCredentials.lock(conn)
                .compose(
                    v ->
                        conn.preparedQuery(
                                "UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND"
                                    + " revoked_at IS NULL RETURNING kind, name, key_prefix")
                            .execute(Tuple.of(id)))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.failedFuture(
                            new NotFoundException("Active key", String.valueOf(id)));
                      }
                      return revoked(conn, actor, id, rows.iterator().next());
                    })
                .compose(
                    v ->
                        AdminCredentials.requireOneLeft(
                            conn,
                            () ->
                                new ConflictException(
                                    "last_admin_key",
                                    "Key "
                                        + id
                                        + " is the last admin credential: without it nobody could"
                                        + " manage the server. Start the server with a new"
                                        + " MOMENTS_ADMIN_KEY (that revokes this one), or add a"
                                        + " person with the admin role first."))));
  }

  /** After a revocation: out of this server's cache at once, and into the audit log. */
  private Future<Void> revoked(SqlConnection conn, Caller actor, long id, Row row) {
    forget(id);
    JsonObject before =
        new JsonObject()
            .put("kind", row.getString("kind"))
            .put("name", row.getString("name"))
            .put("keyPrefix", row.getString("key_prefix"));
    return AuditLog.append(conn, actor, "key.revoke", "key", String.valueOf(id), before, null);
  }

  /** A revocation is immediate on this server: drop the cached authentication of that key. */
  private void forget(long keyId) {
    byKey.asMap().values().removeIf(c -> c.isPresent() && c.get().keyId() == keyId);
  }

  /**
   * A change of role or a deactivation is immediate on this server; other servers see it within the
   * cache lifetime, as they see revocations.
   */
  void forgetPerson(long personId) {
    byKey
        .asMap()
        .values()
        .removeIf(c -> c.flatMap(Caller::person).filter(p -> p.id() == personId).isPresent());
  }

  private static JsonArray toJson(RowSet<Row> rows) {
    JsonArray keys = new JsonArray();
    for (Row row : rows) {
      keys.add(
          new JsonObject()
              .put("id", row.getLong("id"))
              .put("kind", row.getString("kind"))
              .put("name", row.getString("name"))
              .put("keyPrefix", row.getString("key_prefix"))
              .put("personId", row.getLong("person_id"))
              .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
              .put("revoked", row.getValue("revoked_at") != null));
    }
    return keys;
  }

  private static Caller toCaller(Row row) {
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

  private static String wire(KeyKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  static String prefix(String key) {
    return key.substring(0, Math.min(PREFIX_LENGTH, key.length()));
  }
}
