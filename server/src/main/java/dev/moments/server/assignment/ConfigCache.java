package dev.moments.server.assignment;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.moments.server.store.ExperimentStore;
import dev.moments.server.store.MomentStore;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * The SDK configuration, read from the database only when it changed: a NOTIFY from any server
 * invalidates it (see {@link ConfigListener}); the expiry is a safety net for notifications lost
 * while the listener reconnects. Concurrent requests during a reload share one load.
 */
public final class ConfigCache {
  private static final String KEY = "sdk-config";
  private final AsyncLoadingCache<String, SdkConfig> cache;

  public ConfigCache(ExperimentStore experiments, MomentStore moments, Duration safetyExpiry) {
    this.cache =
        Caffeine.newBuilder()
            .expireAfterWrite(safetyExpiry)
            .buildAsync(
                (key, executor) ->
                    // archived too: an archived experiment that rolled out a variant still serves
                    // it
                    experiments
                        .list(null, null, true)
                        .compose(list -> moments.list().map(m -> SdkConfig.of(list, m)))
                        .toCompletionStage()
                        .toCompletableFuture());
  }

  public Future<SdkConfig> current() {
    return Future.fromCompletionStage(cache.get(KEY));
  }

  public void invalidate() {
    cache.synchronous().invalidateAll();
  }
}
