package dev.moments.server.bench;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.rollup.RollupRebuild;
import java.util.Map;

/**
 * Folding throughput of the rollup worker alone: stores {@code before + events} events, folds the
 * first {@code before} (the history units already have), then puts the other {@code events} in the
 * inbox at once, as after a burst, and times one worker draining it. Then checks the result against
 * the rebuild from raw events.
 *
 * <pre>
 * java -cp server/target/moments-server.jar:server/target/test-classes dev.moments.server.bench.FoldThroughput \
 *   events=1000000 before=500000 [units=200000] [db=postgresql://...]
 * </pre>
 */
public final class FoldThroughput {
  private FoldThroughput() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Args.parse(args);
    long events = Long.parseLong(opts.getOrDefault("events", "1000000"));
    long before = Long.parseLong(opts.getOrDefault("before", "500000"));
    int units = Integer.parseInt(opts.getOrDefault("units", "200000"));
    try (BenchDatabase pg = BenchDatabase.open(opts)) {
      DatabaseTarget target = pg.fresh("bench_fold");
      BenchEvents gen = new BenchEvents(units, "f");
      // timestamps rise with commit order across both parts, as traffic arriving in time order
      CopyCeiling.copy(target, gen, 0, before, before + events, 100_000, true);
      ReportTiming.foldWithWorker(target);
      CopyCeiling.copy(target, gen, before, before + events, before + events, 100_000, true);
      BenchDatabase.execute(target, "VACUUM ANALYZE");
      long start = System.nanoTime();
      long jvm = CpuTime.jvmNanos();
      long postgres = pg.postgresCpuNanos();
      ReportTiming.foldWithWorker(target);
      double seconds = (System.nanoTime() - start) / 1e9;
      double jvmMicros = (CpuTime.jvmNanos() - jvm) / 1e3 / events;
      double pgMicros = (pg.postgresCpuNanos() - postgres) / 1e3 / events;
      System.out.printf(
          "folded %d events (after %d already folded, %d units) in %.2f s: %.0f events/s%n",
          events, before, units, seconds, events / seconds);
      if (postgres >= 0) {
        System.out.printf(
            "CPU per event: worker (JVM) %.2f us, PostgreSQL %.2f us, together %.2f us:"
                + " %.0f events/s per core; load average %s%n",
            jvmMicros,
            pgMicros,
            jvmMicros + pgMicros,
            1e6 / (jvmMicros + pgMicros),
            java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
      }
      RollupRebuild.Result rebuilt = RollupRebuild.run(target);
      System.out.println(
          rebuilt.agree() ? "rebuild agrees" : "REBUILD DIFFERS: " + rebuilt.differences().size());
    }
  }
}
