package dev.moments.server.rollup;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds committed events into the rollups, a batch at a time, each batch in one transaction
 * together with the removal of its inbox rows, so an event is counted exactly once even if the
 * server dies mid-way. The inbox is split into fold partitions by unit ({@link FoldPartitions}):
 * the workers of several servers fold different partitions at once, each transaction fenced to its
 * partitions, and all hold the folders' lock ({@link dev.moments.server.db.FolderLock}) shared,
 * which orders folds with the experiments' status changes and the rebuild.
 */
public final class RollupWorker {
  private static final Logger LOG = LoggerFactory.getLogger(RollupWorker.class);
  static final long RETRY_MS = 1000;

  /** Events folded by this worker between its vacuums of the inbox ({@link Inbox#vacuum}). */
  static final long VACUUM_EVERY = 50_000;

  private final Vertx vertx;
  private final Pool pool;
  private final FoldPacer pacer;
  private final FoldObserver observer;
  private final Supplier<List<Short>> partitions;
  private volatile boolean stopped;
  private long timer;
  private volatile BacklogSeen seen = BacklogSeen.NONE;
  private long foldedSinceVacuum;
  private volatile Backlog backlog;
  private final ExcludedEvents excluded = new ExcludedEvents();
  private Future<FoldRound> current = Future.succeededFuture(FoldRound.NONE);
  private Future<Void> vacuum = Future.succeededFuture();

  /** Told of every batch that folded something: events and the nanoseconds it took. */
  public interface FoldObserver {
    void folded(int events, long nanos);
  }

  /**
   * The whole inbox's backlog as the last batch read it: the events waiting (exact), how long the
   * oldest of them had waited, in seconds, and when ({@link System#nanoTime}) the batch began.
   */
  record Backlog(long events, double lagSeconds, long readNanos) {}

  private RollupWorker(
      Vertx vertx,
      Pool pool,
      FoldPacer pacer,
      FoldObserver observer,
      Supplier<List<Short>> partitions) {
    this.vertx = vertx;
    this.pool = pool;
    this.pacer = pacer;
    this.observer = observer;
    this.partitions = partitions;
  }

  /**
   * Starts folding: every ~50 ms, back to back while the inbox is full, and in small paced batches
   * while the machine is busy serving requests (see {@link FoldPacing}). One per server is enough.
   */
  public static RollupWorker start(Vertx vertx, Pool pool) {
    return start(vertx, pool, (events, nanos) -> {});
  }

  /** As {@link #start(Vertx, Pool)}, telling {@code observer} of every batch. */
  public static RollupWorker start(Vertx vertx, Pool pool, FoldObserver observer) {
    return start(vertx, pool, observer, () -> null);
  }

  /**
   * As {@link #start(Vertx, Pool, FoldObserver)}, folding only the partitions {@code partitions}
   * names at each batch ({@link FoldPartitions#owned}); null names all of them.
   */
  public static RollupWorker start(
      Vertx vertx, Pool pool, FoldObserver observer, Supplier<List<Short>> partitions) {
    return start(
        vertx,
        pool,
        FoldPacing.DEFAULT,
        MachineLoad::recentCpuLoad,
        System::nanoTime,
        observer,
        partitions);
  }

  /**
   * @param ticker nanoseconds, as {@code System::nanoTime}: when the machine was last busy and how
   *     long each batch took
   */
  static RollupWorker start(
      Vertx vertx, Pool pool, FoldPacing pacing, DoubleSupplier cpuLoad, LongSupplier ticker) {
    return start(vertx, pool, pacing, cpuLoad, ticker, (events, nanos) -> {}, () -> null);
  }

  private static RollupWorker start(
      Vertx vertx,
      Pool pool,
      FoldPacing pacing,
      DoubleSupplier cpuLoad,
      LongSupplier ticker,
      FoldObserver observer,
      Supplier<List<Short>> partitions) {
    RollupWorker worker =
        new RollupWorker(vertx, pool, new FoldPacer(pacing, cpuLoad, ticker), observer, partitions);
    worker.schedule(0);
    return worker;
  }

  /**
   * Events waiting to be folded, as counted when the last batch began, less the ones it folded
   * (what the pacing goes by; the gauge shows the count as read, see {@link PendingEvents}).
   */
  public long pendingEvents() {
    return seen.left();
  }

  /**
   * The backlog as the last batch that read every partition found it, null before the first: the
   * gauges show it instead of reading it again while it is fresh ({@link PendingEvents}).
   */
  Backlog lastBacklog() {
    return backlog;
  }

  /** The events this worker left out, by reason. */
  public ExcludedEvents excludedEvents() {
    return excluded;
  }

  /** Completes once no batch or vacuum is in flight; nothing is folded after that. */
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return Future.join(current, vacuum).otherwiseEmpty().mapEmpty();
  }

  private void schedule(long delayMs) {
    if (stopped) {
      return;
    }
    timer =
        vertx.setTimer(
            Math.max(1, delayMs),
            id -> {
              if (stopped) {
                return;
              }
              // by what the last batch found waiting, not what it left of them: that is 0 whenever
              // it folded them all, however many arrived while it ran
              FoldPacer.Round round = pacer.begin(seen.found(), seen.oldestMs());
              long began = System.nanoTime();
              FoldCycle cycle = new FoldCycle();
              current = FoldTransaction.run(pool, partitions.get(), round.batch(), excluded, cycle);
              current.onComplete(
                  ar -> {
                    if (ar.failed()) {
                      if (FoldRefusals.aboutTheData(ar.cause())) {
                        isolate(round.batch());
                      } else {
                        LOG.warn(
                            "folding events into rollups failed, retrying: {}",
                            ar.cause().toString());
                        schedule(RETRY_MS);
                      }
                    } else {
                      if (ar.result().folded() > 0) {
                        observer.folded(
                            ar.result().folded(), System.nanoTime() - round.startedNanos());
                      }
                      if (ar.result().allPartitions()) {
                        backlog =
                            new Backlog(
                                ar.result().lagBefore(), ar.result().lagMsBefore() / 1000.0, began);
                      }
                      seen = seen.after(ar.result());
                      long rest =
                          pacer.restMs(
                              round,
                              ar.result().folded(),
                              ar.result().lagBefore(),
                              ar.result().lagMsBefore());
                      if (LOG.isDebugEnabled() && cycle.events() > 0) {
                        LOG.debug(
                            "fold batch: {}; waiting before {}, oldest {} ms; limit {}, yielding {},"
                                + " rest {} ms",
                            cycle,
                            ar.result().lagBefore(),
                            ar.result().lagMsBefore(),
                            round.batch(),
                            round.yielding(),
                            rest);
                      }
                      foldedSinceVacuum += ar.result().folded();
                      if (foldedSinceVacuum >= VACUUM_EVERY && vacuum.isComplete()) {
                        foldedSinceVacuum = 0;
                        vacuum = vacuumInbox();
                      }
                      schedule(rest);
                    }
                  });
            });
  }

  /**
   * The batch was refused for its data: retrying it as it is would fail for ever and hold up every
   * experiment's fold, so its refused events are isolated and taken out ({@link FoldIsolation}),
   * the rest folded, and the worker goes on.
   */
  private void isolate(int batch) {
    Future<FoldIsolation.Isolated> isolation =
        FoldIsolation.run(pool, partitions.get(), batch, excluded);
    current = isolation.map(FoldRound.NONE);
    isolation.onComplete(
        ar -> {
          if (ar.failed()) {
            LOG.warn("isolating a refused fold batch failed, retrying: {}", ar.cause().toString());
            schedule(RETRY_MS);
          } else {
            schedule(0);
          }
        });
  }

  /**
   * Vacuums the inbox on the pool's other connection while the folds go on (a failure is only
   * logged: the next vacuum is due after as many events). Run between two batches, it held the next
   * one back 350-900 ms every 50,000 events (every 5 s at 10,000 events/s), and every event waiting
   * meanwhile with it (issue 19.3); it takes no lock a fold's statements wait for.
   */
  private Future<Void> vacuumInbox() {
    long began = System.nanoTime();
    return Inbox.vacuum(pool)
        .transform(
            ar -> {
              if (ar.failed()) {
                LOG.warn("vacuuming the fold's inbox failed: {}", ar.cause().toString());
              }
              LOG.debug("inbox vacuum: {} ms", (System.nanoTime() - began) / 1_000_000);
              return Future.succeededFuture();
            });
  }

  /**
   * Folds at most about {@code limit} inbox events of all partitions; 0 when the inbox is empty or
   * other folders hold every partition's fence.
   */
  static Future<Integer> runOnce(Pool pool, int limit) {
    return runOnce(pool, limit, new ExcludedEvents());
  }

  /**
   * As above, counting the events left out into {@code excluded}; a batch refused for its data is
   * isolated as the worker does ({@link FoldIsolation}), its folded and refused events counted.
   */
  static Future<Integer> runOnce(Pool pool, int limit, ExcludedEvents excluded) {
    return FoldTransaction.run(pool, null, limit, excluded, new FoldCycle())
        .map(FoldRound::folded)
        .recover(
            failure ->
                FoldRefusals.aboutTheData(failure)
                    ? FoldIsolation.run(pool, null, limit, excluded)
                        .map(done -> done.folded() + done.refused())
                    : Future.failedFuture(failure));
  }
}
