package dev.moments.server.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.moments.server.auth.Caller;
import dev.moments.server.auth.Caller.KeyKind;
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
    return pool.preparedQuery(
            "SELECT id, kind, name FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL")
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
    Caller actor = new Caller(keptId, KeyKind.ADMIN, CONFIGURED_ADMIN);
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

  public Future<Boolean> anyAdminKey() {
    return pool.query("SELECT 1 FROM api_keys WHERE kind = 'admin' AND revoked_at IS NULL LIMIT 1")
        .execute()
        .map(rows -> rows.size() > 0);
  }

  private Future<Long> insert(Caller actor, KeyKind kind, String name, String key) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "INSERT INTO api_keys (kind, name, key_hash, key_prefix) VALUES ($1, $2, $3, $4) RETURNING id")
                .execute(Tuple.of(wire(kind), name, hash(key), prefix(key)))
                .map(rows -> rows.iterator().next().getLong("id"))
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

  public Future<JsonArray> list() {
    return pool.query(
            "SELECT id, kind, name, key_prefix, created_at, revoked_at FROM api_keys ORDER BY id")
        .execute()
        .map(KeyStore::toJson);
  }

  /**
   * Revokes a key; the last active admin key cannot be revoked (nobody could manage keys after).
   * The active admin keys are locked first, so two concurrent revocations cannot both pass.
   */
  public Future<Void> revoke(Caller actor, long id) {
    return pool.withTransaction(
        conn ->
            conn.query(
                    "SELECT id FROM api_keys WHERE kind = 'admin' AND revoked_at IS NULL"
                        + " ORDER BY id FOR UPDATE")
                .execute()
                .compose(
                    admins -> {
                      if (admins.size() == 1 && admins.iterator().next().getLong("id") == id) {
                        return Future.failedFuture(
                            new ConflictException(
                                "last_admin_key",
                                "Key "
                                    + id
                                    + " is the last active admin key: without it nobody could"
                                    + " manage keys. Start the server with a new MOMENTS_ADMIN_KEY"
                                    + " (that revokes this one), or create another admin key"
                                    + " first."));
                      }
                      return conn.preparedQuery(
                              "UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at"
                                  + " IS NULL RETURNING key_hash, kind, name, key_prefix")
                          .execute(Tuple.of(id));
                    })
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.failedFuture(
                            new NotFoundException("Active key", String.valueOf(id)));
                      }
                      return revoked(conn, actor, id, rows.iterator().next());
                    }));
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

  private static JsonArray toJson(RowSet<Row> rows) {
    JsonArray keys = new JsonArray();
    for (Row row : rows) {
      keys.add(
          new JsonObject()
              .put("id", row.getLong("id"))
              .put("kind", row.getString("kind"))
              .put("name", row.getString("name"))
              .put("keyPrefix", row.getString("key_prefix"))
              .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
              .put("revoked", row.getValue("revoked_at") != null));
    }
    return keys;
  }

  private static Caller toCaller(Row row) {
    return new Caller(
        row.getLong("id"),
        KeyKind.valueOf(row.getString("kind").toUpperCase(Locale.ROOT)),
        row.getString("name"));
  }

  private static String wire(KeyKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  private static String prefix(String key) {
    return key.substring(0, Math.min(PREFIX_LENGTH, key.length()));
  }
}
