package dev.moments.server.rollup;

/**
 * How much the rollup worker folds next and how long it rests after. Folding is background work
 * competing for the same cores as the requests that log the events (on a 2-core machine a fold of
 * 20,000 events takes one core for half a second and its garbage lengthens the collector's pauses),
 * so while the machine is busy the worker folds small batches and rests twice as long as each took:
 * it then uses at most a third of its time, and is back at full speed once the load has stayed low
 * for {@code calmMs} (one low reading is not enough: the load is sampled over the short rests).
 *
 * <p>It yields only while it keeps up at that pace: once a batch finds more than {@code
 * maxLagEvents} events waiting, or the oldest of them stored {@code maxLagMs} ago, it folds at full
 * speed. A busy machine is most often busy with the very ingest the fold must keep up with (the
 * requests that log the events, the database storing them): yielding to it then only postpones the
 * same work while the backlog and the reports' lag grow, until a limit ends the yielding and the
 * fold catches up anyway, later and in long batches. With the limits of {@link #DEFAULT} (one
 * yielding batch, 2 s) the yielding lasts while the events arrive slower than the yielding pace
 * folds them, and under a sustained load it does not begin (issue 19.3: reports within 5 s at p99
 * under 15,000 events/s; with a limit of a million events and 2 s the worker alternated between a
 * third of its time and catch-up batches, and reports trailed by 4 s at p50 at 8,000 events/s).
 *
 * <p>A full-speed batch holds at most 5,000 events: the reports' {@code dataAsOf} moves only when a
 * batch commits, and the fold falls behind when the server starts cold under load (the JIT still
 * compiling: a batch of 20,000 took 3 s in the first 20 s at 15,000 events/s, against ~1 s warm),
 * so with 20,000 it moved in steps of 1-3 s through the whole catch-up. In that catch-up batches of
 * 5,000 cost about what 20,000 did per event (59 against 63 us of wall time; their fence, claim and
 * commit ~33 ms of ~290 ms) and move it four times as often (issue 19.3).
 *
 * @param busyCpu machine CPU load (0 to 1) from which the worker yields
 * @param calmMs how long the load must stay below {@code busyCpu} before the worker stops yielding
 * @param busyBatch events per batch while yielding
 * @param idleBatch events per batch otherwise; batches that come back full are followed at once
 * @param tickMs rest after a batch that emptied the inbox, so new events are folded within this
 *     time
 * @param maxLagEvents events found waiting by a batch beyond which the worker no longer yields
 * @param maxLagMs report lag beyond which the worker no longer yields
 */
record FoldPacing(
    double busyCpu,
    long calmMs,
    int busyBatch,
    int idleBatch,
    long tickMs,
    long maxLagEvents,
    long maxLagMs) {
  static final FoldPacing DEFAULT = new FoldPacing(0.85, 1_000, 2_000, 5_000, 50, 2_000, 2_000);

  /** Without a lag limit in time. */
  FoldPacing(
      double busyCpu, long calmMs, int busyBatch, int idleBatch, long tickMs, long maxLagEvents) {
    this(busyCpu, calmMs, busyBatch, idleBatch, tickMs, maxLagEvents, Long.MAX_VALUE);
  }

  FoldPacing {
    if (!(busyCpu > 0 && busyCpu <= 1)) {
      throw new IllegalArgumentException("busyCpu " + busyCpu + " must be in (0, 1]");
    }
    if (busyBatch < 1 || idleBatch < busyBatch) {
      throw new IllegalArgumentException(
          "batches must satisfy 1 <= busyBatch ("
              + busyBatch
              + ") <= idleBatch ("
              + idleBatch
              + ")");
    }
    if (calmMs < 0) {
      throw new IllegalArgumentException("calmMs " + calmMs + " must be >= 0");
    }
    if (tickMs < 1 || maxLagEvents < 0 || maxLagMs < 0) {
      throw new IllegalArgumentException(
          "tickMs "
              + tickMs
              + " must be >= 1, maxLagEvents "
              + maxLagEvents
              + " and maxLagMs "
              + maxLagMs
              + " >= 0");
    }
  }

  /** Whether this load reading counts as busy; negative (unknown) counts as idle. */
  boolean busy(double cpuLoad) {
    return cpuLoad >= busyCpu;
  }

  /**
   * @param msSinceBusy milliseconds since the load was last {@link #busy}
   * @param lagEvents events waiting in the inbox when the last batch began
   */
  boolean yields(long msSinceBusy, long lagEvents) {
    return yields(msSinceBusy, lagEvents, 0);
  }

  /**
   * @param lagMs how long ago the oldest waiting event was stored
   */
  boolean yields(long msSinceBusy, long lagEvents, long lagMs) {
    return msSinceBusy < calmMs && lagEvents < maxLagEvents && lagMs < maxLagMs;
  }

  int batch(boolean yielding) {
    return yielding ? busyBatch : idleBatch;
  }

  /**
   * Milliseconds to wait before the next batch, after one that folded {@code folded} events in
   * {@code tookMs} and found {@code lagEvents} waiting, the oldest stored {@code lagMs} before it
   * read them. A yielding batch that found the backlog past a limit does not rest (its yielding was
   * decided on the batch before, and the first batch of a worker knows nothing yet: one that found
   * 7,300 events waiting for 6 s, taking 21 s on a cold JVM, rested 42 s while the backlog grew),
   * and no rest is longer than a quarter of {@code maxLagMs}: the rest alone would add that much to
   * the lag of every event arriving meanwhile.
   */
  long restMs(boolean yielding, int folded, long tookMs, long lagEvents, long lagMs) {
    if (yielding && yields(0, lagEvents, lagMs)) {
      return Math.max(tickMs, Math.min(2 * tookMs, maxLagMs / 4));
    }
    return folded >= batch(yielding) ? 0 : tickMs;
  }
}
