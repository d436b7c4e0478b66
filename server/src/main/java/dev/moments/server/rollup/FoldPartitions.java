package dev.moments.server.rollup;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fold partitions this server's worker folds (server/README.md, "Folding on several servers").
 * Claimed with session advisory locks on a connection of their own, which also holds a member lock
 * so that every server can count the live ones from {@code pg_locks} and take its fair share. A
 * heartbeat every second rebalances; a server that stops releases its claims, a dead one's vanish
 * with its connection, and PostgreSQL ends the session of a frozen one once it has been idle for
 * {@link #IDLE_SESSION_TIMEOUT_MS} (its heartbeat stopped). Claims only spread the work: the fold's
 * fences ({@link FoldFence#fence}) are what keep two transactions off one partition.
 */
public final class FoldPartitions {
  private static final Logger LOG = LoggerFactory.getLogger(FoldPartitions.class);

  /** Advisory lock classes (the two-int form, apart from the folders' one-bigint lock). */
  static final int MEMBER_CLASS = 0x6d6f6d31;

  static final int CLAIM_CLASS = 0x6d6f6d32;
  static final int FENCE_CLASS = 0x6d6f6d33;

  static final long HEARTBEAT_MS = 1000;

  /** A heartbeat not answered within this drops every claim: the database may have given them. */
  static final long HEARTBEAT_TIMEOUT_MS = 5000;

  /** PostgreSQL's {@code idle_session_timeout} on the claims connection. */
  public static final int IDLE_SESSION_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final Supplier<Future<SqlConnection>> connector;
  private final int offset = ThreadLocalRandom.current().nextInt(1 << 16);
  private volatile List<Short> owned = List.of();
  private SqlConnection conn;
  private int partitions;
  private long timer;
  private volatile boolean stopped;
  private Future<Void> beat = Future.succeededFuture();

  private FoldPartitions(Vertx vertx, Supplier<Future<SqlConnection>> connector) {
    this.vertx = vertx;
    this.connector = connector;
  }

  /**
   * Starts claiming. {@code connector} opens the claims connection: a dedicated one (never pooled,
   * so its session locks die with it) with {@code idle_session_timeout} and TCP keepalives set
   * ({@code db.Pools.claims}).
   */
  public static FoldPartitions start(Vertx vertx, Supplier<Future<SqlConnection>> connector) {
    FoldPartitions claims = new FoldPartitions(vertx, connector);
    claims.schedule(0);
    return claims;
  }

  /** The partitions claimed at the last heartbeat, ascending. */
  public List<Short> owned() {
    return owned;
  }

  /** Stops the heartbeat, releases every claim and closes the connection. */
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return beat.otherwiseEmpty()
        .compose(
            v -> {
              owned = List.of();
              return conn == null ? Future.succeededFuture() : conn.close();
            })
        .otherwiseEmpty();
  }

  private void schedule(long delayMs) {
    if (stopped) {
      return;
    }
    timer =
        vertx.setTimer(
            Math.max(1, delayMs),
            id -> {
              beat = timed(conn == null ? connect() : rebalance());
              beat.onComplete(
                  ar -> {
                    if (ar.failed()) {
                      lost(ar.cause());
                    }
                    schedule(HEARTBEAT_MS);
                  });
            });
  }

  private Future<Void> timed(Future<Void> work) {
    Promise<Void> answer = Promise.promise();
    long t =
        vertx.setTimer(
            HEARTBEAT_TIMEOUT_MS,
            id -> answer.tryFail("no answer within " + HEARTBEAT_TIMEOUT_MS + " ms"));
    work.onComplete(
        ar -> {
          vertx.cancelTimer(t);
          if (ar.succeeded()) {
            answer.tryComplete();
          } else {
            answer.tryFail(ar.cause());
          }
        });
    return answer.future();
  }

  private void lost(Throwable cause) {
    if (!owned.isEmpty()) {
      LOG.warn(
          "fold partitions {} given up: claims connection failed: {}", owned, cause.toString());
    }
    owned = List.of();
    SqlConnection dead = conn;
    conn = null;
    if (dead != null) {
      dead.close();
    }
  }

  private Future<Void> connect() {
    return connector
        .get()
        .compose(
            c -> {
              conn = c;
              return c.preparedQuery(
                      "SELECT fold_partitions(), pg_advisory_lock($1, pg_backend_pid())::text")
                  .execute(Tuple.of(MEMBER_CLASS));
            })
        .compose(
            rows -> {
              partitions = rows.iterator().next().getInteger(0);
              return rebalance();
            });
  }

  private Future<Void> rebalance() {
    return conn.preparedQuery(
            """
            SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2
              AND classid = ($1::int4)::oid AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""")
        .execute(Tuple.of(MEMBER_CLASS))
        .compose(
            rows -> {
              int members = rows.iterator().next().getInteger(0);
              Set<Short> before = new TreeSet<>(owned);
              Set<Short> held = new TreeSet<>(before);
              ClaimPlan plan = ClaimPlan.of(partitions, members, held, offset);
              return release(plan.release())
                  .compose(
                      v -> {
                        held.removeAll(plan.release());
                        return take(plan.candidates(), plan.wanted());
                      })
                  .map(
                      taken -> {
                        held.addAll(taken);
                        if (!held.equals(before)) {
                          LOG.info(
                              "fold partitions: {} of {} on this server ({} servers folding)",
                              held,
                              partitions,
                              members);
                        }
                        owned = List.copyOf(held);
                        return null;
                      });
            });
  }

  private Future<Void> release(List<Short> partitions) {
    if (partitions.isEmpty()) {
      return Future.succeededFuture();
    }
    // leaves the list before the lock goes, so no new fold starts on a partition being handed over
    Set<Short> kept = new TreeSet<>(owned);
    kept.removeAll(partitions);
    owned = List.copyOf(kept);
    return conn.preparedQuery("SELECT pg_advisory_unlock($1, p) FROM unnest($2::int2[]) AS p")
        .execute(Tuple.tuple().addValue(CLAIM_CLASS).addValue(partitions.toArray(new Short[0])))
        .mapEmpty();
  }

  private Future<List<Short>> take(List<Short> candidates, int wanted) {
    if (wanted <= 0 || candidates.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return conn.preparedQuery(
            """
            SELECT ARRAY(SELECT p FROM unnest($2::int2[]) AS p  -- tried in order, no more than wanted
                         WHERE pg_try_advisory_lock($1, p) LIMIT $3)""")
        .execute(Tuple.of(CLAIM_CLASS, candidates.toArray(new Short[0]), wanted))
        .map(rows -> List.of(rows.iterator().next().getArrayOfShorts(0)));
  }
}
