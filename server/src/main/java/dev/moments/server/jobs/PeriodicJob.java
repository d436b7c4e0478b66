package dev.moments.server.jobs;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one background round, waits {@code interval}, runs the next: rounds never overlap, a failed
 * round is logged and the next one runs anyway, and stopping waits for the round in flight. Deploy
 * with {@code ThreadingModel.WORKER} when a round does CPU work, so no HTTP event loop waits for
 * it.
 */
public final class PeriodicJob extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodicJob.class);
  private final String name;
  private final Duration interval;
  private final Duration firstDelay;
  private final Supplier<Future<?>> round;
  private volatile boolean stopped;
  private long timer = -1;
  private Future<?> current = Future.succeededFuture();

  /**
   * @param name for the log
   * @param firstDelay before the first round
   * @param round one round's work; its future completes when the round is over
   */
  public PeriodicJob(
      String name, Duration interval, Duration firstDelay, Supplier<Future<?>> round) {
    this.name = name;
    this.interval = interval;
    this.firstDelay = firstDelay;
    this.round = round;
  }

  @Override
  public Future<?> start() {
    schedule(firstDelay);
    return Future.succeededFuture();
  }

  private void schedule(Duration delay) {
    if (!stopped) {
      timer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> run());
    }
  }

  private void run() {
    if (stopped) {
      return;
    }
    Future<?> next;
    try {
      next = round.get();
    } catch (RuntimeException e) {
      next = Future.failedFuture(e);
    }
    current =
        next.onFailure(e -> LOG.warn("{}: a round failed: {}", name, e.toString()))
            .onComplete(done -> schedule(interval));
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return current.otherwiseEmpty();
  }
}
