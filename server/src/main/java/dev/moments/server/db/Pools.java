package dev.moments.server.db;

import dev.moments.server.config.DatabaseTimeouts;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/** The one way the server opens a connection pool, so tests and production share its settings. */
public final class Pools {
  private Pools() {}

  /** A pool without time limits: for background work (the rebuild) and tests. */
  public static Pool open(Vertx vertx, DatabaseTarget target, int size) {
    return build(vertx, target.connectOptions(), options(size));
  }

  /**
   * The rollup worker's pool, without time limits (a fold runs long transactions by design), of two
   * connections: the fold's and the backlog gauge's. Named apart from the requests' pool in the
   * metrics.
   */
  public static Pool forFolding(Vertx vertx, DatabaseTarget target) {
    return build(vertx, target.connectOptions(), options(2).setName("fold"));
  }

  /**
   * The pool requests use: PostgreSQL cancels a statement that runs longer than the statement
   * timeout, a request waits at most the acquire timeout for a connection, and every operation's
   * future fails after the statement timeout even when PostgreSQL cannot answer at all (a frozen or
   * unreachable server), so that requests answer 503 instead of hanging.
   */
  public static Pool forRequests(
      Vertx vertx, DatabaseTarget target, int size, DatabaseTimeouts timeouts) {
    PgConnectOptions connect = target.connectOptions();
    connect.addProperty("statement_timeout", String.valueOf(timeouts.statement().toMillis()));
    PoolOptions options =
        options(size)
            .setName("requests")
            .setConnectionTimeout((int) timeouts.acquire().toMillis())
            .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
    return TimedPool.wrap(build(vertx, connect, options), timeouts.statement());
  }

  private static PoolOptions options(int size) {
    return new PoolOptions().setMaxSize(size).setShared(false).setMaxWaitQueueSize(4096);
  }

  private static Pool build(Vertx vertx, PgConnectOptions connect, PoolOptions options) {
    return PgBuilder.pool().with(options).connectingTo(connect).using(vertx).build();
  }
}
