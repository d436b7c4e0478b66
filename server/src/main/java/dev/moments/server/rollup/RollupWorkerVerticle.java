package dev.moments.server.rollup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Runs the rollup worker on a worker thread: folding a batch of 20,000 events is real CPU work, and
 * on an event loop it would stall the HTTP requests that share that loop (visible as a long p99
 * tail on /assign). Deploy with {@code ThreadingModel.WORKER}. Its pool should have two
 * connections: one for the fold, one for the backlog gauge's reads and the inbox's vacuum.
 */
public final class RollupWorkerVerticle extends VerticleBase {
  private final Pool pool;
  private final MeterRegistry metrics;
  private final Supplier<Future<SqlConnection>> claimsConnection;
  private RollupWorker worker;
  private PendingEvents pending;
  private FoldPartitions partitions;

  /**
   * @param claimsConnection opens the connection that claims this server's fold partitions ({@link
   *     FoldPartitions#start})
   */
  public RollupWorkerVerticle(
      Pool pool, MeterRegistry metrics, Supplier<Future<SqlConnection>> claimsConnection) {
    this.pool = pool;
    this.metrics = metrics;
    this.claimsConnection = claimsConnection;
  }

  @Override
  public Future<?> start() {
    Counter folded =
        Counter.builder("moments.rollup.folded.events")
            .description("Events this process folded into the rollups")
            .register(metrics);
    Timer batches =
        Timer.builder("moments.rollup.batch")
            .description("Fold batches of this process: how long each took, in its transaction")
            .register(metrics);
    partitions = FoldPartitions.start(vertx, claimsConnection);
    Gauge.builder("moments.rollup.partitions.owned", partitions, p -> p.owned().size())
        .description(
            "Fold partitions this server claims now (all servers' add up to the database's count)")
        .register(metrics);
    worker =
        RollupWorker.start(
            vertx,
            pool,
            (events, nanos) -> {
              folded.increment(events);
              batches.record(nanos, TimeUnit.NANOSECONDS);
            },
            partitions::owned);
    pending = PendingEvents.start(vertx, pool, worker::lastBacklog);
    Gauge.builder("moments.rollup.pending.events", pending, PendingEvents::value)
        .description(
            "Events committed but not yet folded into the reports (counted exactly, read every second)")
        .register(metrics);
    Gauge.builder("moments.rollup.lag.seconds", pending, PendingEvents::lagSeconds)
        .description(
            "Age of the oldest event not yet folded, 0 when none waits: how far reports are behind"
                + " (read every second)")
        .register(metrics);
    worker
        .excludedEvents()
        .byReason()
        .forEach(
            (reason, count) ->
                FunctionCounter.builder("moments.events.excluded", count, LongAdder::doubleValue)
                    .description(
                        "Events the fold left out of the statistics since this process started, by"
                            + " reason (server/README.md, What counts)")
                    .tag("reason", reason)
                    .register(metrics));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (pending != null) {
      pending.stop();
    }
    Future<Void> folding = worker == null ? Future.succeededFuture() : worker.stop();
    return folding.compose(v -> partitions == null ? Future.succeededFuture() : partitions.stop());
  }
}
