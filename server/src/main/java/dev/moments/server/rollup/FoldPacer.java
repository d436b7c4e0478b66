package dev.moments.server.rollup;

import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * {@link FoldPacing}'s decisions over time for one worker: it remembers when the machine was last
 * busy and times each batch. Time comes from an injected ticker (nanoseconds, as {@code
 * System::nanoTime}, like Caffeine's {@code Ticker}), so tests can move it by hand.
 */
final class FoldPacer {
  private final FoldPacing pacing;
  private final DoubleSupplier cpuLoad;
  private final LongSupplier ticker;
  private long lastBusyNanos;

  /** A batch about to start: when, whether it yields to requests, and how many events it folds. */
  record Round(long startedNanos, boolean yielding, int batch) {}

  FoldPacer(FoldPacing pacing, DoubleSupplier cpuLoad, LongSupplier ticker) {
    this.pacing = pacing;
    this.cpuLoad = cpuLoad;
    this.ticker = ticker;
    // as if the machine had been calm for long: a new worker starts at full speed
    this.lastBusyNanos = ticker.getAsLong() - TimeUnit.DAYS.toNanos(1);
  }

  /**
   * @param lagEvents events estimated to wait in the inbox
   */
  Round begin(long lagEvents) {
    return begin(lagEvents, 0);
  }

  /**
   * @param lagEvents events estimated to wait in the inbox
   * @param lagMs how long ago the oldest of them was stored
   */
  Round begin(long lagEvents, long lagMs) {
    long now = ticker.getAsLong();
    if (pacing.busy(cpuLoad.getAsDouble())) {
      lastBusyNanos = now;
    }
    boolean yielding =
        pacing.yields(TimeUnit.NANOSECONDS.toMillis(now - lastBusyNanos), lagEvents, lagMs);
    return new Round(now, yielding, pacing.batch(yielding));
  }

  /**
   * Milliseconds to rest after the round, which folded {@code folded} events and found {@code
   * lagEvents} waiting, the oldest stored {@code lagMs} before.
   */
  long restMs(Round round, int folded, long lagEvents, long lagMs) {
    long tookMs = TimeUnit.NANOSECONDS.toMillis(ticker.getAsLong() - round.startedNanos());
    return pacing.restMs(round.yielding(), folded, tookMs, lagEvents, lagMs);
  }
}
