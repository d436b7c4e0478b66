package dev.moments.server.rollup;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * The backlog as the {@code moments_rollup_pending_events} gauge shows it: the exact number of
 * events committed and not yet folded (see {@link Inbox#pending}), and how old the oldest of them
 * is ({@code moments_rollup_lag_seconds}, see {@link Inbox#lagSeconds}), read once per period
 * whatever the worker is doing (folding a long batch, resting, or waiting while another server's
 * worker holds the lock). A read still running when the next is due is not repeated.
 */
final class PendingEvents {
  static final long PERIOD_MS = 1000;
  private final Vertx vertx;
  private final Pool pool;
  private volatile long value;
  private volatile double lagSeconds;
  private boolean reading;
  private long timer;

  private PendingEvents(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** Reads now and then every period. */
  static PendingEvents start(Vertx vertx, Pool pool) {
    PendingEvents pending = new PendingEvents(vertx, pool);
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

  private synchronized void read() {
    if (reading) {
      return;
    }
    reading = true;
    Inbox.pending(pool)
        .compose(
            count -> {
              value = count;
              return Inbox.lagSeconds(pool);
            })
        .onComplete(
            ar -> {
              synchronized (this) {
                reading = false;
              }
              if (ar.succeeded()) {
                lagSeconds = ar.result();
              }
            });
  }
}
