package dev.moments.server.assignment;

import dev.moments.server.store.ExperimentStore;
import dev.moments.server.store.HoldoutStore;
import dev.moments.server.store.MomentStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The SDK configuration, read from the database only when it changed: a NOTIFY from any server
 * invalidates it (see {@link ConfigListener}); the expiry is a safety net for notifications lost
 * while the listener reconnects. Concurrent requests during a reload share one load.
 *
 * <p>When a reload fails (the database is away or does not answer in time), the last good
 * configuration keeps being served, marked stale with its age, so that SDKs and {@code /assign}
 * keep working through a database outage. While the database stays away, requests get the stale
 * configuration at once and a reload is retried in the background at most once per retry period.
 */
public final class ConfigCache {
  static final Duration RETRY_PERIOD = Duration.ofSeconds(1);

  /**
   * A configuration to serve.
   *
   * @param stale zero when it is current; otherwise how long ago it was read (its reload failed)
   */
  public record Current(SdkConfig config, Duration stale) {
    public boolean isStale() {
      return !stale.isZero();
    }
  }

  private final Supplier<Future<SdkConfig>> loader;
  private final long expiryNanos;
  private final long retryNanos;
  private final LongSupplier ticker;
  // all guarded by this
  private SdkConfig last;
  private long loadedAt;
  private long loadedGeneration;
  private long generation;
  private Future<SdkConfig> loading;
  private boolean degraded;
  private long failedAt;

  public ConfigCache(
      ExperimentStore experiments,
      MomentStore moments,
      HoldoutStore holdouts,
      Duration safetyExpiry) {
    this(
        // archived too: an archived experiment that rolled out a variant still serves it
        () ->
            experiments
                .list(null, null, true)
                .compose(
                    list ->
                        moments
                            .list()
                            .compose(m -> holdouts.list().map(h -> SdkConfig.of(list, m, h)))),
        safetyExpiry,
        RETRY_PERIOD,
        System::nanoTime);
  }

  /**
   * @param ticker nanoseconds, as {@code System::nanoTime}
   */
  ConfigCache(
      Supplier<Future<SdkConfig>> loader,
      Duration safetyExpiry,
      Duration retryPeriod,
      LongSupplier ticker) {
    this.loader = loader;
    this.expiryNanos = safetyExpiry.toNanos();
    this.retryNanos = retryPeriod.toNanos();
    this.ticker = ticker;
  }

  public Future<Current> current() {
    Future<SdkConfig> load;
    synchronized (this) {
      long now = ticker.getAsLong();
      if (last != null && loadedGeneration == generation && now - loadedAt < expiryNanos) {
        return Future.succeededFuture(new Current(last, Duration.ZERO));
      }
      if (last != null && degraded) {
        // The database was away at the last attempt: answer now, retry behind the scenes.
        if (loading == null && now - failedAt >= retryNanos) {
          startLoad();
        }
        return Future.succeededFuture(stale(now));
      }
      load = loading != null ? loading : startLoad();
    }
    return load.map(config -> new Current(config, Duration.ZERO))
        .recover(
            failure -> {
              synchronized (this) {
                return last == null
                    ? Future.failedFuture(failure)
                    : Future.succeededFuture(stale(ticker.getAsLong()));
              }
            });
  }

  public void invalidate() {
    synchronized (this) {
      generation++;
    }
  }

  private Future<SdkConfig> startLoad() {
    long started = generation;
    Future<SdkConfig> future;
    try {
      future = loader.get();
    } catch (RuntimeException e) {
      future = Future.failedFuture(e);
    }
    loading = future;
    future.onComplete(
        ar -> {
          synchronized (this) {
            loading = null;
            if (ar.succeeded()) {
              last = ar.result();
              loadedAt = ticker.getAsLong();
              loadedGeneration = started;
              degraded = false;
            } else {
              degraded = true;
              failedAt = ticker.getAsLong();
            }
          }
        });
    return future;
  }

  private Current stale(long now) {
    return new Current(last, Duration.ofNanos(Math.max(1, now - loadedAt)));
  }
}
