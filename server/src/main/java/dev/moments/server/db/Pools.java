package dev.moments.server.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** The one way the server opens a connection pool, so tests and production share its settings. */
public final class Pools {
  private Pools() {}

  public static Pool open(Vertx vertx, DatabaseTarget target, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setShared(false).setMaxWaitQueueSize(4096))
        .connectingTo(target.connectOptions())
        .using(vertx)
        .build();
  }
}
