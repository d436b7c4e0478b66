package dev.moments.server.store;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each key was last accepted, for the keys list ("last used"). Every request authenticates, so
 * the time is written at most once a {@link #EVERY} per key and server, without waiting for it: a
 * failed write is tried again on the key's next use.
 */
final class KeyUse {
  static final Duration EVERY = Duration.ofMinutes(1);
  private static final long EVERY_NANOS = EVERY.toNanos();
  private static final Logger LOG = LoggerFactory.getLogger(KeyUse.class);
  private final Pool pool;
  private final LongSupplier ticker;
  private final Map<Long, Long> writtenAt = new ConcurrentHashMap<>();

  /**
   * @param ticker nanoseconds, as {@code System::nanoTime}
   */
  KeyUse(Pool pool, LongSupplier ticker) {
    this.pool = pool;
    this.ticker = ticker;
  }

  void used(long keyId) {
    if (due(keyId)) {
      pool.preparedQuery("UPDATE api_keys SET last_used_at = now() WHERE id = $1")
          .execute(Tuple.of(keyId))
          .onFailure(
              e -> {
                writtenAt.remove(keyId);
                LOG.debug("could not record the use of key {}: {}", keyId, e.getMessage());
              });
    }
  }

  /** Whether this use should be written: the first, or the first a minute after the last write. */
  boolean due(long keyId) {
    long now = ticker.getAsLong();
    Long last = writtenAt.get(keyId);
    if (last != null && now - last < EVERY_NANOS) {
      return false;
    }
    return last == null
        ? writtenAt.putIfAbsent(keyId, now) == null
        : writtenAt.replace(keyId, last, now);
  }
}
