package dev.moments.server.bench;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.db.Pools;
import dev.moments.server.events.RollupReader;
import dev.moments.server.events.RollupRebuild;
import dev.moments.server.events.RollupWorker;
import dev.moments.server.report.RollupRow;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a report costs at different event counts: loads N events of one experiment (COPY), builds the rollups
 * from them with the rebuild command, then times {@link RollupReader#rows} (the report's only database read).
 *
 * <pre>
 * java -Xmx8g -cp server/target/moments-server.jar:server/target/test-classes dev.moments.server.bench.ReportTiming \
 *   sizes=10000,5000000 [units=1000000] [build=rebuild|worker] [db=postgresql://...]
 * </pre>
 */
public final class ReportTiming {
  private ReportTiming() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Args.parse(args);
    int units = Integer.parseInt(opts.getOrDefault("units", "1000000"));
    try (BenchDatabase pg = BenchDatabase.open(opts)) {
      for (String size : opts.getOrDefault("sizes", "10000,5000000").split(",")) {
        long events = Long.parseLong(size);
        DatabaseTarget target = pg.fresh("bench_report_" + events);
        long t0 = System.nanoTime();
        boolean byWorker = "worker".equals(opts.get("build"));
        CopyCeiling.copy(target, new BenchEvents(units, "r"), 0, events, 100_000, byWorker);
        long t1 = System.nanoTime();
        String how = byWorker ? foldWithWorker(target) : rebuild(target);
        long t2 = System.nanoTime();
        System.out.printf("%d events: loaded in %.1f s, rollups built by the %s in %.1f s (%.0f events/s)%n",
            events, (t1 - t0) / 1e9, how, (t2 - t1) / 1e9, events / ((t2 - t1) / 1e9));
        time(target, events);
      }
    }
  }

  private static String rebuild(DatabaseTarget target) {
    RollupRebuild.Result rebuilt = RollupRebuild.run(target);
    return "rebuild (" + rebuilt.rollupRows() + " rollup rows, " + rebuilt.exposureRows() + " exposures)";
  }

  /** The live path: the inbox holds every event and one worker folds it, as after a burst of traffic. */
  static String foldWithWorker(DatabaseTarget target) throws InterruptedException {
    Vertx vertx = Vertx.vertx();
    Pool pool = Pools.open(vertx, target, 2);
    try {
      RollupWorker worker = RollupWorker.start(vertx, pool);
      RollupReader reader = new RollupReader(pool);
      while (reader.pendingInbox().await() > 0) {
        Thread.sleep(200);
      }
      worker.stop().await();
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
        System.out.printf("  %d events, segment %s: RollupReader.rows -> %d rows, median %.2f ms, max %.2f ms%n",
            events, segment, rows, micros[micros.length / 2] / 1000.0, micros[micros.length - 1] / 1000.0);
      }
    } finally {
      pool.close().await();
      vertx.close().await();
    }
  }
}
