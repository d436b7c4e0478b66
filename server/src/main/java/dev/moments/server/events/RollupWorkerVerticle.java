package dev.moments.server.events;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;

/**
 * Runs the rollup worker on a worker thread: folding a batch of 20,000 events is real CPU work, and on an event
 * loop it would stall the HTTP requests that share that loop (visible as a long p99 tail on /assign).
 * Deploy with {@code ThreadingModel.WORKER}.
 */
public final class RollupWorkerVerticle extends VerticleBase {
  private final Pool pool;
  private RollupWorker worker;

  public RollupWorkerVerticle(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    worker = RollupWorker.start(vertx, pool);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return worker == null ? Future.succeededFuture() : worker.stop();
  }
}
