package dev.moments.server.bench;

import dev.moments.sdk.VariantDefinition;
import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.rollup.BenchVariants;
import dev.moments.server.rollup.RollupRebuild;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Folding throughput of the rollup worker alone: stores {@code before + events} events, folds the
 * first {@code before} (the history units already have), then puts the other {@code events} in the
 * inbox at once, as after a burst, and times one worker draining it. Then checks the result against
 * the rebuild from raw events. The events' experiment is declared and running (CUPED on, as for a
 * new experiment) and each exposure is in the variant the unit's hash gives, so the fold does its
 * real work: standings, unit states, exposures and credited metrics ({@code experiment=none} leaves
 * it undeclared, as this benchmark did before 2026-11-29: every exposure is then only counted as
 * excluded, and no state is written). {@code pgdata} names an external cluster's data directory on
 * this machine to count its CPU; {@code statements} prints the fold's statements by time from
 * pg_stat_statements (the cluster must preload it).
 *
 * <pre>
 * java -cp server/target/moments-server.jar:server/target/test-classes dev.moments.server.bench.FoldThroughput \
 *   events=1000000 before=500000 [units=200000] [experiment=running|none] [db=postgresql://...]
 *   [pgdata=/path/to/its/data/dir] [statements=true]
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
      boolean declared = !"none".equals(opts.getOrDefault("experiment", "running"));
      BenchEvents gen =
          declared ? new BenchEvents(units, "f", declare(target)) : new BenchEvents(units, "f");
      // timestamps rise with commit order across both parts, as traffic arriving in time order
      CopyCeiling.copy(target, gen, 0, before, before + events, 100_000, true);
      ReportTiming.foldWithWorker(target);
      CopyCeiling.copy(target, gen, before, before + events, before + events, 100_000, true);
      BenchDatabase.execute(target, "VACUUM ANALYZE");
      boolean statements = opts.containsKey("statements");
      if (statements) {
        BenchDatabase.execute(target, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        BenchDatabase.execute(target, "SELECT pg_stat_statements_reset()");
      }
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
      if (statements) {
        printStatements(target, events);
      }
      RollupRebuild.Result rebuilt = RollupRebuild.run(target);
      System.out.printf(
          "rebuild: %d rollup rows, %d exposures%n", rebuilt.rollupRows(), rebuilt.exposureRows());
      System.out.println(
          rebuilt.agree() ? "rebuild agrees" : "REBUILD DIFFERS: " + rebuilt.differences().size());
    }
  }

  /**
   * Declares {@link BenchEvents#EXPERIMENT}, running since before the first event (the events span
   * the last 14 days), with a primary and a secondary metric; answers each unit's variant.
   */
  private static UnaryOperator<String> declare(DatabaseTarget target) throws Exception {
    String salt = "bench-salt";
    BenchDatabase.execute(
        target, "INSERT INTO moments (key, stage, name) VALUES ('bench.moment', 'FMOT', 'Bench')");
    BenchDatabase.execute(
        target,
        "INSERT INTO experiments (key, moment, name, status, salt, traffic_percent, variants,"
            + " control, primary_metric, secondary_metrics, stats, started_at) VALUES ('"
            + BenchEvents.EXPERIMENT
            + "', 'bench.moment', 'Bench', 'running', '"
            + salt
            + "', 100, '[{\"key\":\"control\",\"weight\":34},{\"key\":\"bold\",\"weight\":33},"
            + "{\"key\":\"calm\",\"weight\":33}]', 'control', '{\"key\":\"signup\",\"type\":\"binomial\"}',"
            + " '[{\"key\":\"purchase\",\"type\":\"binomial\"}]', '{\"varianceReduction\":\"cuped\"}',"
            + " now() - interval '15 days')");
    BenchDatabase.execute(
        target,
        "INSERT INTO experiment_status_history (experiment, from_status, to_status, changed_at)"
            + " VALUES ('"
            + BenchEvents.EXPERIMENT
            + "', 'draft', 'running', now() - interval '15 days')");
    UnaryOperator<String> byHash =
        BenchVariants.byHash(
            BenchEvents.EXPERIMENT,
            salt,
            List.of(
                new VariantDefinition("control", 34, null),
                new VariantDefinition("bold", 33, null),
                new VariantDefinition("calm", 33, null)));
    Map<String, String> known = new HashMap<>();
    return unit -> known.computeIfAbsent(unit, byHash);
  }

  /**
   * The fold's statements by execution time (pg_stat_statements, which the cluster must preload:
   * {@code shared_preload_libraries=pg_stat_statements}, and have as an extension in the database).
   */
  private static void printStatements(DatabaseTarget target, long events) throws Exception {
    try (var c = BenchDatabase.connect(target);
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT calls, total_exec_time, rows, regexp_replace(query, '\\s+', ' ', 'g')"
                        + " FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database"
                        + " WHERE datname = current_database()) ORDER BY total_exec_time DESC"
                        + " LIMIT 14")) {
      System.out.println("statements (execution time; per event folded):");
      while (rs.next()) {
        String query = rs.getString(4);
        System.out.printf(
            "  %7d calls %9.1f ms %6.2f us/event %9d rows  %s%n",
            rs.getLong(1),
            rs.getDouble(2),
            rs.getDouble(2) * 1e3 / events,
            rs.getLong(3),
            query.substring(0, Math.min(110, query.length())));
      }
    }
  }
}
