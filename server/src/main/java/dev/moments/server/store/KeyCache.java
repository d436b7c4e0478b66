package dev.moments.server.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.moments.server.auth.Caller;
import dev.moments.server.auth.KeyQuota;
import dev.moments.server.db.DatabaseFailures;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * What this server knows of the keys presented to it, so that every request does not look its key
 * up. A lookup is trusted for {@link KeyStore#CACHE_LIFETIME}; after that, or once another server
 * announced a change to keys, the key is looked up again before use. If the database cannot answer
 * that lookup, the last answer stands (a revocation needs the database, so none can have happened
 * meanwhile but one whose notice was lost): SDK traffic keeps working through an outage, and while
 * the database is away nobody waits for it, the lookup runs behind the answer. Known keys and
 * unknown ones are kept apart, so a flood of made-up keys neither evicts the real ones nor reaches
 * the database twice for the same text; concurrent lookups of one key share one query.
 */
final class KeyCache {
  /** A key as a lookup found it, and when (nanoseconds); its caller and its quota. */
  record Found(Caller caller, KeyQuota quota, List<String> origins) {}

  private record Known(Found found, long loadedAt) {}

  private static final Duration KEPT = Duration.ofHours(1);
  private final Cache<String, Known> known =
      Caffeine.newBuilder()
          .maximumSize(10_000)
          .expireAfterWrite(KEPT)
          .executor(Runnable::run) // read on every request: maintenance stays on that thread
          .build();
  private final Cache<String, Boolean> unknown =
      Caffeine.newBuilder()
          .maximumSize(100_000)
          .expireAfterWrite(KeyStore.CACHE_LIFETIME)
          .executor(Runnable::run)
          .build();
  private final Map<String, Future<Optional<Found>>> lookups = new ConcurrentHashMap<>();
  private final Map<Long, KeyQuota> quotas = new ConcurrentHashMap<>();
  private final Map<Long, List<String>> origins = new ConcurrentHashMap<>();
  private final Function<String, Future<Optional<Found>>> lookUp;
  private final LongSupplier ticker;
  private final long freshNanos;
  private volatile boolean databaseAway;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /**
   * @param lookUp the database lookup of a presented key
   * @param ticker nanoseconds, as {@code System::nanoTime}
   */
  KeyCache(Function<String, Future<Optional<Found>>> lookUp, LongSupplier ticker) {
    this.lookUp = lookUp;
    this.ticker = ticker;
    this.freshNanos = KeyStore.CACHE_LIFETIME.toNanos();
  }

  Future<Optional<Caller>> authenticate(String key) {
    return authenticate(key, known.getIfPresent(key));
  }

  /**
   * As {@link #authenticate}, for a key this server knows ({@link #isKnown}); null, nothing looked
   * up nor counted, for any other. One cache look-up answers both questions.
   */
  Future<Optional<Caller>> authenticateKnown(String key) {
    Known cached = known.getIfPresent(key);
    return cached == null ? null : authenticate(key, cached);
  }

  private Future<Optional<Caller>> authenticate(String key, Known cached) {
    if (cached != null && ticker.getAsLong() - cached.loadedAt < freshNanos) {
      hits.increment();
      return Future.succeededFuture(Optional.of(cached.found.caller()));
    }
    if (cached == null
        && (key.length() > KeyStore.MAX_KEY_LENGTH || unknown.getIfPresent(key) != null)) {
      hits.increment();
      return Future.succeededFuture(Optional.empty());
    }
    misses.increment();
    Future<Optional<Caller>> lookup = lookup(key).map(found -> found.map(Found::caller));
    if (cached == null) {
      return lookup;
    }
    Optional<Caller> last = Optional.of(cached.found.caller());
    if (databaseAway) {
      return Future.succeededFuture(last);
    }
    return lookup.recover(
        e ->
            DatabaseFailures.isUnavailable(e)
                ? Future.succeededFuture(last)
                : Future.failedFuture(e));
  }

  /** Authentications answered from memory. */
  LongAdder hits() {
    return hits;
  }

  /** Authentications that needed a database lookup (or waited for one underway). */
  LongAdder misses() {
    return misses;
  }

  boolean isKnown(String key) {
    return known.getIfPresent(key) != null;
  }

  KeyQuota quota(long keyId) {
    return quotas.getOrDefault(keyId, KeyQuota.DEFAULT);
  }

  /** The web origins allowed to use a key this server authenticated; empty: any origin. */
  List<String> origins(long keyId) {
    return origins.getOrDefault(keyId, List.of());
  }

  void originsChanged(long keyId, List<String> allowed) {
    origins.put(keyId, allowed);
    forget(keyId);
  }

  void quotaChanged(long keyId, KeyQuota quota) {
    quotas.put(keyId, quota);
    forget(keyId);
  }

  /** A key revoked here: never used again from the cache. */
  void forget(long keyId) {
    known.asMap().values().removeIf(k -> k.found.caller().keyId() == keyId);
  }

  /** A person's role changed or they left: their keys are looked up again before use. */
  void forgetPerson(long personId) {
    known
        .asMap()
        .values()
        .removeIf(k -> k.found.caller().person().filter(p -> p.id() == personId).isPresent());
  }

  /** Keys changed somewhere: every known key is looked up again before its next use. */
  void revalidateAll() {
    known.asMap().replaceAll((key, k) -> new Known(k.found, Long.MIN_VALUE / 2));
  }

  private Future<Optional<Found>> lookup(String key) {
    Future<Optional<Found>> underway = lookups.get(key);
    if (underway != null) {
      return underway;
    }
    Future<Optional<Found>> lookup =
        lookUp
            .apply(key)
            .andThen(ar -> settle(key, ar.succeeded() ? ar.result() : null, ar.cause()));
    if (!lookup.isComplete()) {
      lookups.put(key, lookup);
      lookup.onComplete(ar -> lookups.remove(key, lookup));
    }
    return lookup;
  }

  private void settle(String key, Optional<Found> found, Throwable failure) {
    if (failure != null) {
      databaseAway |= DatabaseFailures.isUnavailable(failure);
      return;
    }
    databaseAway = false;
    if (found.isEmpty()) {
      known.invalidate(key);
      unknown.put(key, Boolean.TRUE);
      return;
    }
    quotas.put(found.get().caller().keyId(), found.get().quota());
    origins.put(found.get().caller().keyId(), found.get().origins());
    known.put(key, new Known(found.get(), ticker.getAsLong()));
  }
}
