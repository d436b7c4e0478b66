package dev.moments.server.assignment;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.store.ConfigNotifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one connection LISTENing on the config channel, so a change made through any server reaches
 * this server's caches within milliseconds: the SDK configuration, and the cached keys when a key
 * was revoked or got a new quota. When the connection drops, both are invalidated (changes may have
 * been missed) and the listener reconnects with backoff.
 */
public final class ConfigListener {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigListener.class);
  private static final long MAX_BACKOFF_MS = 5_000;
  private final Vertx vertx;
  private final DatabaseTarget target;
  private final ConfigCache cache;
  private final Runnable keysChanged;
  private volatile boolean stopped;
  private volatile PgConnection connection;

  /**
   * @param keysChanged drops the keys this server has cached
   */
  public ConfigListener(
      Vertx vertx, DatabaseTarget target, ConfigCache cache, Runnable keysChanged) {
    this.vertx = vertx;
    this.target = target;
    this.cache = cache;
    this.keysChanged = keysChanged;
  }

  public Future<Void> start() {
    return connect(250);
  }

  private Future<Void> connect(long backoffMs) {
    return PgConnection.connect(vertx, target.connectOptions())
        .compose(
            conn -> {
              connection = conn;
              conn.notificationHandler(
                  n -> {
                    if (ConfigNotifier.KEYS.equals(n.getPayload())) {
                      keysChanged.run();
                    } else {
                      cache.invalidate();
                    }
                  });
              conn.closeHandler(v -> onClosed());
              return conn.query("LISTEN " + ConfigNotifier.CHANNEL).execute();
            })
        .<Void>mapEmpty()
        .onSuccess(v -> invalidateAll())
        .recover(
            e -> {
              if (!stopped) {
                LOG.warn(
                    "config listener cannot connect ({}); retrying in {} ms",
                    e.getMessage(),
                    backoffMs);
                vertx.setTimer(backoffMs, t -> connect(Math.min(backoffMs * 2, MAX_BACKOFF_MS)));
              }
              return Future.succeededFuture();
            });
  }

  private void invalidateAll() {
    cache.invalidate();
    keysChanged.run();
  }

  private void onClosed() {
    invalidateAll();
    if (!stopped) {
      vertx.setTimer(250, t -> connect(250));
    }
  }

  public Future<Void> stop() {
    stopped = true;
    PgConnection conn = connection;
    return conn == null ? Future.succeededFuture() : conn.close();
  }
}
