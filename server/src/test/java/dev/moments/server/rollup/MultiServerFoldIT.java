package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.db.Pools;
import dev.moments.server.events.Event;
import dev.moments.server.events.EventWriter;
import dev.moments.server.events.ServerProcess;
import dev.moments.server.testing.TestDatabase;
import dev.moments.server.testing.TestPorts;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 19.2: real server processes on one database share the fold partitions (advisory locks),
 * three and then two fold at once, the two take over the partitions of one killed with {@code kill
 * -9} in the middle of a fold, the last takes over those of one frozen with SIGSTOP, and the
 * rollups then equal {@code rebuild-rollups}. Nine minutes at most: three server JVMs start and
 * fold on a 2-core machine, and a resumed server's return has two generous steps.
 */
@Timeout(value = 9, unit = TimeUnit.MINUTES)
class MultiServerFoldIT {
  private static final long TAKEOVER_LIMIT_MS = 15_000;

  /** The bound of each step of a resumed server's return: generous, it only catches a hang. */
  private static final Duration RESUME_STEP = Duration.ofMinutes(2);

  @Test
  void serversShareThePartitionsFoldAtOnceAndTakeOverAKilledOnesExactly() throws Exception {
    DatabaseTarget db = TestDatabase.fresh();
    RollupFixture.declareExperimentA(db);
    List<Server> servers = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    Pool pool = Pools.open(vertx, db, 4);
    try {
      servers.addAll(Server.startAll(db, "a", "b", "c"));
      Map<Integer, Integer> three = awaitClaims(db, c -> c.size() == 3 && fair(c, 6), "3 × ≤6");
      System.out.printf("claims of three servers: %s%n", three);

      RandomEvents random = new RandomEvents(19);
      List<Event> distinct = random.generate(6000);
      List<Event> sent = random.arrivalOrder(distinct);
      EventWriter writer = new EventWriter(vertx, pool, 1_000_000);
      int half = sent.size() / 2;
      RollupFixture.sendConcurrently(writer, sent.subList(0, half), random.random());
      long waiting = count(db, "SELECT count(*) FROM event_inbox");
      servers.get(0).process.kill();
      long killedAt = System.nanoTime();
      assertTrue(waiting > 0, "the kill should come while events wait to be folded");
      Map<Integer, Integer> after = awaitClaims(db, c -> c.size() == 2 && fair(c, 8), "2 × 8");
      long takeoverMs = (System.nanoTime() - killedAt) / 1_000_000;
      System.out.printf(
          "killed a server with %d events waiting; the other two held all 16 partitions %d ms"
              + " later: %s%n",
          waiting, takeoverMs, after);
      assertTrue(takeoverMs < TAKEOVER_LIMIT_MS, "takeover took " + takeoverMs + " ms");

      RollupFixture.sendConcurrently(writer, sent.subList(half, sent.size()), random.random());
      // a frozen server (SIGSTOP) keeps its connections open: its claims go once PostgreSQL ends
      // its idle claims session, and when it resumes its stale folds are fenced
      signal("STOP", servers.get(1));
      long frozenAt = System.nanoTime();
      awaitClaims(db, c -> c.size() == 1 && c.values().iterator().next() == 16, "1 × 16");
      long frozenMs = (System.nanoTime() - frozenAt) / 1_000_000;
      signal("CONT", servers.get(1));
      System.out.printf("froze a server: the other held all 16 partitions %d ms later%n", frozenMs);
      assertTrue(
          frozenMs < FoldPartitions.IDLE_SESSION_TIMEOUT_MS + TAKEOVER_LIMIT_MS,
          "takeover from a frozen server took " + frozenMs + " ms");
      awaitResumed(db, servers.get(1));
      awaitInboxDrained(db);
      assertEquals(distinct.size(), count(db, "SELECT count(*) FROM events"));
      for (Server s : servers.subList(1, 3)) {
        assertTrue(s.foldedEvents() > 0, s.name + " folded nothing");
      }
      RollupRebuild.Result rebuilt = RollupRebuild.run(db);
      assertTrue(rebuilt.agree(), String.join("\n", rebuilt.differences()));
      RollupFixture.assertRollupsMatchRecount(new RollupReader(pool), distinct);

      // a graceful stop hands its partitions over at once
      servers.get(1).process.stop();
      awaitClaims(db, c -> c.size() == 1 && c.values().iterator().next() == 16, "1 × 16");
    } finally {
      for (Server s : servers) {
        s.process.stop();
      }
      pool.close().await();
      vertx.close().await();
    }
  }

  private static void signal(String signal, Server server) throws Exception {
    long pid = server.process.handle().pid();
    assertEquals(
        0, new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).start().waitFor());
  }

  private static boolean fair(Map<Integer, Integer> claims, int share) {
    return claims.values().stream().mapToInt(Integer::intValue).sum() == 16
        && claims.values().stream().allMatch(n -> n <= share);
  }

  /**
   * A resumed server reclaims its share once it has run again (a JVM thawed on a loaded machine
   * first catches up on its timers and GC), found its claims session ended, reconnected and
   * rebalanced. The wait follows those steps on the server itself: first its metrics answer again,
   * then its own gauge and the database show it holding 8 of the 16 partitions. Each step has a
   * generous bound of its own (a fixed 30 s for all of it ran out once at load 20), and a server
   * that died fails at once.
   */
  private static void awaitResumed(DatabaseTarget db, Server resumed) throws Exception {
    long resumedAt = System.nanoTime();
    long deadline = resumedAt + RESUME_STEP.toNanos();
    while (resumed.owned() < 0) {
      assertTrue(resumed.process.handle().isAlive(), resumed.name + " died after SIGCONT");
      if (System.nanoTime() > deadline) {
        throw new AssertionError(resumed.name + " did not answer its metrics " + RESUME_STEP);
      }
      Thread.sleep(100);
    }
    long answeredMs = (System.nanoTime() - resumedAt) / 1_000_000;
    awaitClaims(
        db,
        c -> c.size() == 2 && fair(c, 8) && resumed.owned() == 8,
        "2 × 8 again, " + resumed.name + " holding 8 (it holds " + resumed.owned() + ")",
        RESUME_STEP);
    System.out.printf(
        "resumed a server: its metrics answered %d ms later, it held 8 partitions %d ms later%n",
        answeredMs, (System.nanoTime() - resumedAt) / 1_000_000);
  }

  /** Claims per backend pid, polled until {@code done}, for up to 30 s. */
  private static Map<Integer, Integer> awaitClaims(
      DatabaseTarget db, Predicate<Map<Integer, Integer>> done, String what) throws Exception {
    return awaitClaims(db, done, what, Duration.ofSeconds(30));
  }

  private static Map<Integer, Integer> awaitClaims(
      DatabaseTarget db, Predicate<Map<Integer, Integer>> done, String what, Duration bound)
      throws Exception {
    Map<Integer, Integer> claims = Map.of();
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      claims = new TreeMap<>();
      for (String row :
          TestDatabase.strings(
              db,
              "SELECT pid || ' ' || count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                  + " AND objsubid = 2 AND classid = "
                  + FoldPartitions.CLAIM_CLASS
                  + "::oid AND database = (SELECT oid FROM pg_database WHERE datname ="
                  + " current_database()) GROUP BY pid")) {
        String[] f = row.split(" ");
        claims.put(Integer.parseInt(f[0]), Integer.parseInt(f[1]));
      }
      if (done.test(claims)) {
        return claims;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("claims never became " + what + " in " + bound + ": " + claims);
  }

  private static long count(DatabaseTarget db, String sql) {
    return Long.parseLong(TestDatabase.strings(db, sql).get(0));
  }

  private static void awaitInboxDrained(DatabaseTarget db) throws InterruptedException {
    for (int i = 0; i < 1200; i++) {
      if (count(db, "SELECT count(*) FROM event_inbox") == 0) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the servers did not drain the inbox within 120 s");
  }

  /** A server process with its metrics listener. */
  private record Server(String name, ServerProcess process, int metricsPort) {
    /** Started side by side: a server's start takes most of a minute on a busy 2-core machine. */
    static List<Server> startAll(DatabaseTarget db, String... names) throws Exception {
      List<java.util.concurrent.CompletableFuture<Server>> starts = new ArrayList<>();
      for (String name : names) {
        starts.add(
            java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return start(db, name);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }));
      }
      List<Server> started = new ArrayList<>();
      for (var s : starts) {
        started.add(s.join());
      }
      return started;
    }

    static Server start(DatabaseTarget db, String name) throws Exception {
      int metrics = TestPorts.freePort();
      ServerProcess process =
          new ServerProcess(
              Map.of(
                  "MOMENTS_DB_URL",
                  db.uri().toString(),
                  "MOMENTS_METRICS_PORT",
                  String.valueOf(metrics),
                  "MOMENTS_HTTP_INSTANCES",
                  "1"),
              new File("target/multi-server-fold-" + name + ".log"));
      process.start();
      return new Server(name, process, metrics);
    }

    long foldedEvents() throws Exception {
      return (long) metric("moments_rollup_folded_events_total", metrics());
    }

    /** The partitions its worker folds, as it says; -1 while its metrics do not answer. */
    long owned() {
      try {
        return (long) metric("moments_rollup_partitions_owned", metrics());
      } catch (Exception notAnswering) {
        return -1;
      }
    }

    private String metrics() throws Exception {
      return HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .build()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }

    private static double metric(String name, String metrics) {
      Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$").matcher(metrics);
      return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
  }
}
