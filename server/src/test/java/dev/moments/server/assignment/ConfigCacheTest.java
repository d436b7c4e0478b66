package dev.moments.server.assignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** Issue 17 item 7: the last good configuration outlives a database that went away. */
class ConfigCacheTest {
  private static final long SECOND = 1_000_000_000L;
  private long now = 100 * SECOND;
  private final Queue<Promise<SdkConfig>> loads = new ArrayDeque<>();
  private final ConfigCache cache =
      new ConfigCache(
          () -> {
            Promise<SdkConfig> load = Promise.promise();
            loads.add(load);
            return load.future();
          },
          Duration.ofSeconds(30),
          Duration.ofSeconds(1),
          () -> now);

  private static SdkConfig config() {
    return SdkConfig.of(List.of(), List.of());
  }

  @Test
  void aFreshConfigurationIsServedWithoutLoadingAgain() {
    Future<ConfigCache.Current> first = cache.current();
    SdkConfig loaded = config();
    loads.remove().complete(loaded);
    assertSame(loaded, first.result().config());
    assertFalse(first.result().isStale());
    now += 10 * SECOND;
    assertSame(loaded, cache.current().result().config());
    assertTrue(loads.isEmpty(), "no second load within the expiry");
  }

  @Test
  void whenAReloadFailsTheLastGoodOneIsServedMarkedStaleAndRetriedInTheBackground() {
    Future<ConfigCache.Current> first = cache.current();
    SdkConfig good = config();
    loads.remove().complete(good);
    now += 5 * SECOND;
    cache.invalidate(); // a change was notified, or the expiry passed
    Future<ConfigCache.Current> during = cache.current();
    assertFalse(during.isComplete(), "an invalidated configuration is reloaded first");
    loads.remove().fail(new java.util.concurrent.TimeoutException("database frozen"));
    assertSame(good, during.result().config());
    assertEquals(Duration.ofSeconds(5), during.result().stale());

    now += SECOND / 2;
    Future<ConfigCache.Current> soon = cache.current();
    assertTrue(soon.isComplete(), "while the database is away nobody waits");
    assertTrue(soon.result().isStale());
    assertTrue(loads.isEmpty(), "no retry within the retry period");

    now += SECOND;
    Future<ConfigCache.Current> retrying = cache.current();
    assertTrue(retrying.result().isStale(), "answered at once, with a retry behind it");
    assertEquals(1, loads.size());
    SdkConfig back = config();
    loads.remove().complete(back);
    Future<ConfigCache.Current> after = cache.current();
    assertSame(back, after.result().config());
    assertFalse(after.result().isStale());
    assertTrue(first.succeeded());
  }

  @Test
  void withoutAnyGoodConfigurationTheFailureShows() {
    Future<ConfigCache.Current> first = cache.current();
    loads.remove().fail(new IllegalStateException("down"));
    assertTrue(first.failed());
  }

  @Test
  void anInvalidationDuringALoadLoadsAgain() {
    Future<ConfigCache.Current> first = cache.current();
    cache.invalidate();
    loads.remove().complete(config());
    assertTrue(first.succeeded());
    cache.current();
    assertEquals(1, loads.size(), "the change notified during the load is read");
  }
}
