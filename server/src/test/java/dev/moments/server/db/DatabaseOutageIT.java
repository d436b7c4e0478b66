package dev.moments.server.db;

import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.config.DatabaseTimeouts;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RawHttp;
import dev.moments.server.testing.RawHttp.Response;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 item 7: every PostgreSQL process frozen with SIGSTOP (as a stalled host or a hung
 * storage does). Requests used to hang for the whole freeze; now each answers within the statement
 * timeout: the SDK configuration from the last good copy (marked stale), /assign from it (503 only
 * when an exposure must be written), everything else 503 with Retry-After. After SIGCONT the server
 * recovers by itself.
 */
class DatabaseOutageIT {
  private static final int TIMEOUT_MS = 1000;

  /** The timeout, the acquire timeout and the scheduling of a loaded 2-core machine. */
  private static final long BOUND_MS = 4000;

  @TempDir Path dataDir;

  @Test
  void aFrozenDatabaseGivesBoundedAnswersAndTheServerRecoversWhenItThaws() throws Exception {
    try (EmbeddedDatabase postgres =
        EmbeddedDatabase.start(dataDir, false, TestDatabase.binaries())) {
      Migrations.apply(postgres.target());
      try (RunningServer server =
          RunningServer.start(
              postgres.target(),
              false,
              c ->
                  c.with(
                      new DatabaseTimeouts(
                          Duration.ofMillis(TIMEOUT_MS), Duration.ofMillis(TIMEOUT_MS / 2))))) {
        String key = runningExperiment(server);
        Response warm = call(server, "GET", "/api/v1/sdk/config", key, null);
        assertEquals(200, warm.status());
        assertEquals(200, call(server, "POST", "/api/v1/assign", key, assign("before")).status());

        List<ProcessHandle> frozen = signal("STOP", postgres.postmaster());
        try {
          // a change notification (or the 30 s expiry) now asks for a reload the database cannot
          // answer, and the key's lookup is due again (as after 10 s)
          server.server().services().configCache().invalidate();
          server.server().services().keys().revalidateAll();
          Response config = call(server, "GET", "/api/v1/sdk/config", key, null);
          assertEquals(200, config.status(), config.body());
          assertEquals(warm.body(), config.body(), "the last good configuration");
          assertTrue(Integer.parseInt(config.header("X-Moments-Config-Stale-Seconds")) >= 1);
          long began = System.nanoTime();
          assertEquals(200, call(server, "GET", "/api/v1/sdk/config", key, null).status());
          assertTrue(
              System.nanoTime() - began < TIMEOUT_MS * 1_000_000L,
              "while the database is known to be away, nobody waits for it");

          Response exposed = call(server, "POST", "/api/v1/assign", key, assign("during"));
          assertUnavailable(exposed);
          Response nobody =
              call(
                  server,
                  "POST",
                  "/api/v1/assign",
                  key,
                  new JsonObject().put("unitId", "v").put("moments", new JsonArray().add("none")));
          assertEquals(200, nobody.status(), "assigning from the stale copy needs no write");
          assertTrue(nobody.header("X-Moments-Config-Stale-Seconds") != null);

          assertUnavailable(
              call(server, "GET", "/api/v1/experiments", RunningServer.ADMIN_KEY, null));
          assertUnavailable(call(server, "POST", "/api/v1/events", key, event("during")));
          assertUnavailable(call(server, "GET", "/health", null, null));
        } finally {
          signal("CONT", frozen);
        }

        Response health = await(server, "GET", "/health", null, null, 200);
        assertEquals(200, health.status(), "back by itself: " + health.body());
        assertEquals(
            200, await(server, "POST", "/api/v1/assign", key, assign("after"), 200).status());
        Response fresh = call(server, "GET", "/api/v1/sdk/config", key, null);
        for (int i = 0; i < 100 && fresh.header("X-Moments-Config-Stale-Seconds") != null; i++) {
          fresh = call(server, "GET", "/api/v1/sdk/config", key, null);
        }
        assertNull(fresh.header("X-Moments-Config-Stale-Seconds"), "fresh again");
      }
    }
  }

  private static void assertUnavailable(Response response) {
    assertEquals(503, response.status(), response.body());
    assertEquals("unavailable", response.errorCode());
    assertEquals("5", response.header("Retry-After"));
  }

  /** One request; it must be answered within the bound. */
  private static Response call(
      RunningServer server, String method, String path, String key, JsonObject body) {
    long began = System.nanoTime();
    Response response =
        RawHttp.exchange(
            server.port(),
            method,
            path,
            key,
            body == null ? null : body.encode(),
            (int) BOUND_MS + 1000);
    long ms = (System.nanoTime() - began) / 1_000_000;
    assertTrue(ms <= BOUND_MS, method + " " + path + " took " + ms + " ms");
    return response;
  }

  /** Repeats the request until it answers the status (bounded: 30 s after the thaw). */
  private static Response await(
      RunningServer server, String method, String path, String key, JsonObject body, int status) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Response last = call(server, method, path, key, body);
    while (last.status() != status && System.nanoTime() < deadline) {
      last = call(server, method, path, key, body);
    }
    return last;
  }

  /** kill -SIG for the postmaster and every process it started. */
  private static List<ProcessHandle> signal(String sig, ProcessHandle postmaster) throws Exception {
    List<ProcessHandle> all = new ArrayList<>();
    all.add(postmaster);
    postmaster.descendants().forEach(all::add);
    return signal(sig, all);
  }

  private static List<ProcessHandle> signal(String sig, List<ProcessHandle> processes)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("kill", "-" + sig));
    processes.forEach(p -> command.add(Long.toString(p.pid())));
    Process kill = new ProcessBuilder(command).inheritIO().start();
    assertEquals(0, kill.waitFor(), String.join(" ", command));
    return processes;
  }

  private static String runningExperiment(RunningServer server) {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.outage", "FMOT"));
    server.admin(
        POST,
        "/api/v1/experiments",
        Fixtures.experiment("outage", "fmot.outage")
            .put("trafficPercent", 100)
            .putNull("targeting"));
    assertEquals(200, server.admin(POST, "/api/v1/experiments/outage/start", null).statusCode());
    return server
        .admin(POST, "/api/v1/keys", new JsonObject().put("kind", "client").put("name", "web"))
        .bodyAsJsonObject()
        .getString("key");
  }

  private static JsonObject assign(String unit) {
    return new JsonObject().put("unitId", unit).put("moments", new JsonArray().add("fmot.outage"));
  }

  private static JsonObject event(String id) {
    return new JsonObject()
        .put(
            "events",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("id", id)
                        .put("type", "conversion")
                        .put("unitId", "u")
                        .put("metric", "signup")));
  }
}
