package dev.moments.server.store;

import dev.moments.server.auth.Caller;
import dev.moments.server.auth.Caller.KeyKind;
import dev.moments.server.auth.KeyQuota;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * API keys. Only a SHA-256 of each key is stored, so a database dump holds no usable key. Lookups
 * are cached (see {@link KeyCache}) because every request authenticates; a revocation or a new
 * quota is immediate on this server and reaches the others through a NOTIFY within milliseconds
 * (within the cache lifetime if that is lost).
 */
public final class KeyStore {
  /** The names of the admin keys that start-up makes: a MOMENTS_ADMIN_KEY replaces both. */
  public static final String CONFIGURED_ADMIN = "MOMENTS_ADMIN_KEY";

  public static final String GENERATED_ADMIN = "generated at first start";

  /** No key is longer; a longer text is refused without a lookup. */
  public static final int MAX_KEY_LENGTH = 256;

  /** How long a lookup is trusted: a change made through another server applies within this. */
  public static final Duration CACHE_LIFETIME = Duration.ofSeconds(10);

  private final Pool pool;
  private final KeyCache cache = new KeyCache(this::lookUp, System::nanoTime);
  private final KeyUse use;

  public KeyStore(Pool pool) {
    this.pool = pool;
    this.use = new KeyUse(pool, System::nanoTime);
  }

  /**
   * Whether a browser on this origin may use the key (a request's {@code Origin} header); a key
   * without an allow-list takes any origin.
   */
  public boolean allowsOrigin(long keyId, String origin) {
    List<String> allowed = cache.origins(keyId);
    return allowed.isEmpty() || allowed.contains(origin);
  }

  /** Records that a key was accepted just now (written at most once a minute per key). */
  public void used(long keyId) {
    use.used(keyId);
  }

  /** The allow-list of origins of a client key, set through PATCH /keys/{id}. */
  public Future<JsonObject> setOrigins(Caller actor, long id, List<String> origins) {
    return KeyOrigins.set(pool, cache, actor, id, origins);
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

  /** The caller a presented key stands for; empty for an unknown or revoked key. */
  public Future<Optional<Caller>> authenticate(String key) {
    return cache.authenticate(key);
  }

  /** Counts this server's key cache answers on {@code moments_cache_requests_total}. */
  public void bindMetrics(MeterRegistry registry) {
    for (var result : java.util.Map.of("hit", cache.hits(), "miss", cache.misses()).entrySet()) {
      FunctionCounter.builder("moments.cache.requests", result.getValue(), LongAdder::doubleValue)
          .description("Cache lookups by cache and result (hit: answered from memory)")
          .tags("cache", "keys", "result", result.getKey())
          .register(registry);
    }
  }

  private Future<Optional<KeyCache.Found>> lookUp(String key) {
    // A deactivated person's keys are revoked too; the join refuses them even if one were not.
    return pool.preparedQuery(
            "SELECT k.id, k.kind, k.name, k.assign_per_second, k.events_per_second,"
                + " k.allowed_origins,"
                + " p.id AS person_id, p.name AS person_name, p.email, p.role FROM api_keys k"
                + " LEFT JOIN people p ON p.id = k.person_id"
                + " WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND p.deactivated_at IS NULL")
        .execute(Tuple.of(KeyText.hash(key)))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(
                        new KeyCache.Found(
                            KeyRows.toCaller(rows.iterator().next()),
                            KeyRows.toQuota(rows.iterator().next()),
                            KeyRows.origins(rows.iterator().next()))));
  }

  /**
   * As {@link #authenticate}, for a key this server has authenticated before ({@link #isKnown});
   * null, nothing looked up, for any other.
   */
  public Future<Optional<Caller>> authenticateKnown(String key) {
    return cache.authenticateKnown(key);
  }

  /** Whether this text is a key this server has authenticated (it passes the throttle). */
  public boolean isKnown(String key) {
    return cache.isKnown(key);
  }

  /** The quota of a key this server authenticated; the default for any other. */
  public KeyQuota quota(long keyId) {
    return cache.quota(keyId);
  }

  public Future<NewKey> create(Caller actor, KeyKind kind, String name) {
    return create(actor, kind, name, KeyQuota.DEFAULT);
  }

  public Future<NewKey> create(Caller actor, KeyKind kind, String name, KeyQuota quota) {
    String key = KeyText.generate(kind);
    return insert(actor, kind, name, key, quota).map(id -> new NewKey(id, key, kind, name));
  }

  /**
   * Sets a key's own rates, those of {@code quota} that {@code set} names (an empty rate means the
   * server's default); audited. Applies at once on this server and within {@link #CACHE_LIFETIME}
   * on the others.
   */
  public Future<JsonObject> setQuota(Caller actor, long id, KeyQuota quota, QuotaFields set) {
    return KeyQuotas.set(pool, cache, actor, id, quota, set);
  }

  /** Which rates a quota change sets; the others keep their value. */
  public record QuotaFields(boolean assignPerSecond, boolean eventsPerSecond) {}

  /**
   * Registers a key whose text is already known (the configured admin key); a no-op when it exists.
   */
  public Future<Long> register(KeyKind kind, String name, String key) {
    return pool.preparedQuery(
            "INSERT INTO api_keys (kind, name, key_hash, key_prefix) VALUES ($1, $2, $3, $4)"
                + " ON CONFLICT (key_hash) DO UPDATE SET revoked_at = NULL RETURNING id")
        .execute(Tuple.of(KeyText.wire(kind), name, KeyText.hash(key), KeyText.prefix(key)))
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
    return KeyRevocations.replaceStartupAdminKeys(pool, cache, keptId);
  }

  /** Whether anyone can manage the server: an admin key or an active person with the admin role. */
  public Future<Boolean> anyAdminCredential() {
    return AdminCredentials.count(pool).map(count -> count > 0);
  }

  private Future<Long> insert(Caller actor, KeyKind kind, String name, String key, KeyQuota quota) {
    return pool.withTransaction(
        conn ->
            insert(conn, kind, name, key, null, quota)
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
                                    .put("kind", KeyText.wire(kind))
                                    .put("name", name)
                                    .put("keyPrefix", KeyText.prefix(key))
                                    .put("quota", quotaJson(quota)))
                            .map(id)));
  }

  /** Stores a new key's hash, prefix and rates; a personal key names its person. */
  static Future<Long> insert(
      SqlConnection conn, KeyKind kind, String name, String key, Long personId, KeyQuota quota) {
    return conn.preparedQuery(
            "INSERT INTO api_keys (kind, name, key_hash, key_prefix, person_id, assign_per_second,"
                + " events_per_second) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .execute(
            Tuple.of(
                KeyText.wire(kind),
                name,
                KeyText.hash(key),
                KeyText.prefix(key),
                personId,
                KeyRows.boxed(quota.assignPerSecond()),
                KeyRows.boxed(quota.eventsPerSecond())))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  public Future<JsonArray> list() {
    return pool.query(
            "SELECT id, kind, name, key_prefix, person_id, created_at, revoked_at,"
                + " assign_per_second, events_per_second, allowed_origins, last_used_at"
                + " FROM api_keys ORDER BY id")
        .execute()
        .map(KeyStore::toJson);
  }

  /**
   * Revokes a key; the last admin credential cannot be revoked (nobody could manage the server
   * after). Changes to admin credentials take one lock, so two concurrent revocations cannot both
   * pass.
   */
  public Future<Void> revoke(Caller actor, long id) {
    return KeyRevocations.revoke(pool, cache, actor, id);
  }

  /**
   * A change of role or a deactivation: immediate on this server; the others see it through the
   * notice the change sends, or within the cache lifetime.
   */
  void forgetPerson(long personId) {
    cache.forgetPerson(personId);
  }

  /** Keys changed somewhere (or the notices may have been missed): look each up again. */
  public void revalidateAll() {
    cache.revalidateAll();
  }

  /** A key's own rates; null where the server's default applies. */
  public static JsonObject quotaJson(KeyQuota quota) {
    return KeyRows.quotaJson(quota);
  }

  private static JsonArray toJson(RowSet<Row> rows) {
    JsonArray keys = new JsonArray();
    for (Row row : rows) {
      keys.add(KeyRows.keyJson(row));
    }
    return keys;
  }
}
