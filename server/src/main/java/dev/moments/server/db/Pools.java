package dev.moments.server.db;

import dev.moments.server.config.DatabaseTimeouts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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
    PgConnectOptions connect = keptAlive(target.connectOptions());
    // a frozen server's open fold transaction would hold its partitions' fences: PostgreSQL ends it
    connect.addProperty(
        "idle_in_transaction_session_timeout", String.valueOf(FOLD_IDLE_IN_TRANSACTION_MS));
    return build(vertx, connect, options(2).setName("fold"));
  }

  /** PostgreSQL ends a fold transaction idle this long (a frozen server's). */
  public static final int FOLD_IDLE_IN_TRANSACTION_MS = 60_000;

  /**
   * Opens the fold partitions' claims connection ({@code rollup.FoldPartitions}): dedicated, never
   * pooled, so its session locks vanish with it. PostgreSQL ends the session once it has been idle
   * for {@code idleSessionMs} (the claims' heartbeat stopped: a frozen server) and probes the
   * client with TCP keepalives (5 s idle, then every 2 s, dead after 3 misses: a vanished machine);
   * this side's check is the claims' heartbeat, which gives up after 5 s without an answer.
   */
  public static Supplier<Future<SqlConnection>> dedicated(
      Vertx vertx, DatabaseTarget target, int idleSessionMs) {
    PgConnectOptions connect = keptAlive(target.connectOptions());
    connect.addProperty("idle_session_timeout", String.valueOf(idleSessionMs));
    connect.addProperty("application_name", "moments-fold-claims");
    return () -> PgConnection.connect(vertx, connect).map(c -> (SqlConnection) c);
  }

  private static PgConnectOptions keptAlive(PgConnectOptions connect) {
    connect.addProperty("tcp_keepalives_idle", "5");
    connect.addProperty("tcp_keepalives_interval", "2");
    connect.addProperty("tcp_keepalives_count", "3");
    return connect;
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
