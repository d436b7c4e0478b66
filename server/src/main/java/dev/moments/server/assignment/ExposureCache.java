package dev.moments.server.assignment;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.moments.server.events.Event;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The exposures this server knows to be committed, by experiment and unit: the variant of the
 * unit's counted exposure (neither forced, nor an ad click, nor excluded). A repeat {@code /assign}
 * whose exposure is already known needs no database write: the write would be an {@code INSERT … ON
 * CONFLICT DO NOTHING} of the same deterministic id. A miss (another server stored it, or it was
 * evicted) still goes through the database, whose unique key stays the source of truth across
 * servers. Bounded (least recently/frequently used entries go first) and shared by every event loop
 * of the process.
 */
public final class ExposureCache {
  /**
   * Entries at most. About 200 bytes each with 36-character unit ids (measured, see the server
   * README), so about 48 MB when full.
   */
  public static final long DEFAULT_SIZE = 250_000;

  private record Key(String experiment, String unitId) {}

  private final Cache<Key, String> committed;

  public ExposureCache(long maximumSize) {
    if (maximumSize < 1) {
      throw new IllegalArgumentException("maximumSize " + maximumSize + " must be at least 1");
    }
    this.committed =
        Caffeine.newBuilder()
            .maximumSize(maximumSize)
            // Maintenance (eviction) runs on the writing event loop: handing it to the common pool
            // wakes a thread per burst of writes, which on a small machine costs more than the
            // work.
            .executor(Runnable::run)
            .recordStats()
            .build();
  }

  /**
   * Publishes lookups on {@code moments_cache_requests_total{cache="exposures",result}} like the
   * server's other caches, and {@code moments_cache_size}, {@code moments_cache_evictions_total}.
   */
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("moments.cache.requests", committed, c -> c.stats().hitCount())
        .description("Cache lookups by cache and result (hit: answered from memory)")
        .tags("cache", "exposures", "result", "hit")
        .register(registry);
    FunctionCounter.builder("moments.cache.requests", committed, c -> c.stats().missCount())
        .description("Cache lookups by cache and result (hit: answered from memory)")
        .tags("cache", "exposures", "result", "miss")
        .register(registry);
    FunctionCounter.builder("moments.cache.evictions", committed, c -> c.stats().evictionCount())
        .description("Entries a bounded cache dropped to stay within its size")
        .tag("cache", "exposures")
        .register(registry);
    Gauge.builder("moments.cache.size", committed, Cache::estimatedSize)
        .description("Entries a cache holds (estimate)")
        .tag("cache", "exposures")
        .register(registry);
  }

  /**
   * The exposures still to be written: all but the counted ones this server already knows to be
   * committed with the same variant.
   */
  public List<Event> unknown(List<Event> exposures) {
    List<Event> toWrite = new ArrayList<>(exposures.size());
    for (Event e : exposures) {
      if (!counted(e) || !e.variant().equals(committed.getIfPresent(key(e)))) {
        toWrite.add(e);
      }
    }
    return toWrite;
  }

  /**
   * Records exposures that are now committed (stored, or found stored already). The first variant a
   * unit was counted in stays: a later exposure in another variant (a multiple exposure) is written
   * each time, which is rare and keeps the entry the unit's first counted variant.
   */
  public void remember(List<Event> stored) {
    for (Event e : stored) {
      if (counted(e)) {
        committed.asMap().putIfAbsent(key(e), e.variant());
      }
    }
  }

  /** Records what the database says the unit was first counted in. */
  public void rememberFirst(String experiment, String unitId, String variant) {
    committed.asMap().putIfAbsent(new Key(experiment, unitId), variant);
  }

  /** The variant this server knows the unit was first counted in, or null. */
  public String variantOf(String experiment, String unitId) {
    return committed.getIfPresent(new Key(experiment, unitId));
  }

  /** Entries held now (approximate, as Caffeine's estimate). */
  public long size() {
    return committed.estimatedSize();
  }

  private static boolean counted(Event e) {
    return e.isExposure() && !e.forced() && !e.isAd() && e.excluded() == null;
  }

  private static Key key(Event e) {
    return new Key(e.experiment(), e.unitId());
  }
}
