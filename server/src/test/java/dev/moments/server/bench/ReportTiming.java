package dev.moments.server.bench;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.db.Pools;
import dev.moments.server.rollup.FoldPartitions;
import dev.moments.server.rollup.RollupReader;
import dev.moments.server.rollup.RollupRebuild;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.rollup.RollupWorkerVerticle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a report costs at different event counts: loads N events of one experiment (COPY), builds
 * the rollups from them with the rebuild command, then times {@link RollupReader#rows} (the
 * report's only database read).
 *
 * <pre>
 * java -Xmx8g -cp server/target/moments-server.jar:server/target/test-classes dev.moments.server.bench.ReportTiming \
 *   sizes=10000,5000000 [units=1000000] [build=rebuild|worker] [db=postgresql://...]
 * </pre>
 *
 * With {@code into=postgresql://...} the events go into that (already migrated) database, growing
 * from one size to the next; with {@code url=http://... key=<admin key>} a running server on that
 * database also declares the experiment and the report endpoint itself is timed.
 */
public final class ReportTiming {
  private ReportTiming() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Args.parse(args);
    int units = Integer.parseInt(opts.getOrDefault("units", "1000000"));
    ReportEndpoint endpoint =
        opts.containsKey("url") ? new ReportEndpoint(opts.get("url"), opts.get("key")) : null;
    if (endpoint != null) {
      endpoint.declareExperiment();
    }
    try (BenchDatabase pg = BenchDatabase.open(opts)) {
      long loaded = 0;
      for (String size : opts.getOrDefault("sizes", "10000,5000000").split(",")) {
        long events = Long.parseLong(size);
        // into=: one growing database (e.g. a running server's), else a fresh one per size
        DatabaseTarget target =
            opts.containsKey("into")
                ? DatabaseTarget.fromUri(URI.create(opts.get("into")))
                : pg.fresh("bench_report_" + events);
        long from = opts.containsKey("into") ? loaded : 0;
        boolean byWorker = "worker".equals(opts.get("build"));
        long t0 = System.nanoTime();
        CopyCeiling.copy(target, new BenchEvents(units, "r"), from, events, 100_000, byWorker);
        loaded = events;
        long t1 = System.nanoTime();
        String how = byWorker ? foldWithWorker(target) : rebuild(target);
        long t2 = System.nanoTime();
        System.out.printf(
            "%d events: loaded in %.1f s, rollups built by the %s in %.1f s (%.0f events/s)%n",
            events, (t1 - t0) / 1e9, how, (t2 - t1) / 1e9, (events - from) / ((t2 - t1) / 1e9));
        time(target, events);
        if (endpoint != null) {
          System.out.println("  " + events + " events, " + endpoint.time(""));
          System.out.println("  " + events + " events, " + endpoint.time("?segment=device"));
        }
      }
    }
  }

  private static String rebuild(DatabaseTarget target) {
    RollupRebuild.Result rebuilt = RollupRebuild.run(target);
    return "rebuild ("
        + rebuilt.rollupRows()
        + " rollup rows, "
        + rebuilt.exposureRows()
        + " exposures)";
  }

  /**
   * The live path: the inbox holds every event and one worker folds it, as after a burst of
   * traffic. Deployed as the server deploys it (a worker verticle with the fold's pool and its own
   * claims connection), so the fold's Java work runs on a worker thread, not an event loop.
   */
  static String foldWithWorker(DatabaseTarget target) throws InterruptedException {
    Vertx vertx = Vertx.vertx();
    Pool pool = Pools.forFolding(vertx, target);
    try {
      String deployment =
          vertx
              .deployVerticle(
                  new RollupWorkerVerticle(
                      pool,
                      new SimpleMeterRegistry(),
                      Pools.dedicated(vertx, target, FoldPartitions.IDLE_SESSION_TIMEOUT_MS)),
                  new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
              .await();
      RollupReader reader = new RollupReader(pool);
      while (reader.pendingInbox().await() > 0) {
        Thread.sleep(200);
      }
      vertx.undeploy(deployment).await();
      return "worker";
    } finally {
      pool.close().await();
      vertx.close().await();
    }
  }

  private static void time(DatabaseTarget target, long events) {
    Vertx vertx = Vertx.vertx();
    Pool pool = Pools.open(vertx, target, 2);
    try {
      RollupReader reader = new RollupReader(pool);
      for (String segment : new String[] {null, "device"}) {
        for (int warmup = 0; warmup < 50; warmup++) {
          reader.rows(BenchEvents.EXPERIMENT, segment).await();
        }
        long[] micros = new long[50];
        int rows = 0;
        for (int i = 0; i < micros.length; i++) {
          long t = System.nanoTime();
          List<RollupRow> result = reader.rows(BenchEvents.EXPERIMENT, segment).await();
          micros[i] = (System.nanoTime() - t) / 1000;
          rows = result.size();
        }
        Arrays.sort(micros);
        System.out.printf(
            "  %d events, segment %s: RollupReader.rows -> %d rows, median %.2f ms, max %.2f ms%n",
            events,
            segment,
            rows,
            micros[micros.length / 2] / 1000.0,
            micros[micros.length - 1] / 1000.0);
      }
    } finally {
      pool.close().await();
      vertx.close().await();
    }
  }
}
