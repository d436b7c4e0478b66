package dev.moments.server.rollup;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The backlog as the {@code moments_rollup_pending_events} gauge shows it: the exact number of
 * events committed and not yet folded, and how old the oldest of them is ({@code
 * moments_rollup_lag_seconds}), each as read at most one period ago whatever the worker is doing
 * (folding a long batch, resting, or waiting while another server's worker holds the lock).
 *
 * <p>Each period it takes what the worker's last batch read ({@link RollupWorker#lastBacklog}: the
 * claim's exact count and the oldest head of all partitions) when that batch began less than a
 * period ago, and otherwise reads both itself in one statement ({@link InboxCount#backlog}). Under
 * load the worker reads them for every batch anyway, and the gauge's own reads, each probing all 16
 * partitions' heads, took a share of PostgreSQL's CPU (issue 19.3). A read still running when the
 * next is due is not repeated.
 */
final class PendingEvents {
  static final long PERIOD_MS = 1000;
  private final Vertx vertx;
  private final Pool pool;
  private final Supplier<RollupWorker.Backlog> worker;
  private volatile long value;
  private volatile double lagSeconds;
  private boolean reading;
  private long timer;

  private PendingEvents(Vertx vertx, Pool pool, Supplier<RollupWorker.Backlog> worker) {
    this.vertx = vertx;
    this.pool = pool;
    this.worker = worker;
  }

  /** Reads now and then every period. */
  static PendingEvents start(Vertx vertx, Pool pool) {
    return start(vertx, pool, () -> null);
  }

  /**
   * As {@link #start(Vertx, Pool)}, showing what {@code worker} read instead while it is fresh.
   *
   * @param worker the backlog the worker last read, null if none
   */
  static PendingEvents start(Vertx vertx, Pool pool, Supplier<RollupWorker.Backlog> worker) {
    PendingEvents pending = new PendingEvents(vertx, pool, worker);
    pending.read();
    pending.timer = vertx.setPeriodic(PERIOD_MS, id -> pending.read());
    return pending;
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  long value() {
    return value;
  }

  double lagSeconds() {
    return lagSeconds;
  }

  private void show(RollupWorker.Backlog backlog) {
    value = backlog.events();
    lagSeconds = backlog.lagSeconds();
  }

  private synchronized void read() {
    if (reading) {
      return;
    }
    RollupWorker.Backlog known = worker.get();
    if (known != null
        && System.nanoTime() - known.readNanos() < TimeUnit.MILLISECONDS.toNanos(PERIOD_MS)) {
      show(known);
      return;
    }
    reading = true;
    InboxCount.backlog(pool)
        .onComplete(
            ar -> {
              synchronized (this) {
                reading = false;
              }
              if (ar.succeeded()) {
                show(ar.result());
              }
            });
  }
}
