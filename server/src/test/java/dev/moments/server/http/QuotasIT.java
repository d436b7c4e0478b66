package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.config.QuotaDefaults;
import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.testing.RawHttp;
import dev.moments.server.testing.RawHttp.Response;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 5: per-key token buckets on /assign and /events with overrides an admin sets
 * through the keys API (applied by every server within seconds), and the limit on failed
 * authentications per client address.
 */
class QuotasIT {
  static DatabaseTarget db;
  static RunningServer first;
  static RunningServer second;

  @BeforeAll
  static void start() {
    db = TestDatabase.fresh();
    first = RunningServer.start(db, false);
    second = RunningServer.start(db, false);
  }

  @AfterAll
  static void stop() {
    first.close();
    second.close();
  }

  static JsonObject newKey(RunningServer server, JsonObject quota) {
    JsonObject body = new JsonObject().put("kind", "client").put("name", "web");
    if (quota != null) {
      body.put("quota", quota);
    }
    HttpResponse<Buffer> created = server.admin(POST, "/api/v1/keys", body);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return created.bodyAsJsonObject();
  }

  static HttpResponse<Buffer> assign(RunningServer server, String key) {
    return server.call(POST, "/api/v1/assign", key, new JsonObject().put("unitId", "u-1"));
  }

  @Test
  void aKeyBeyondItsAssignQuotaGets429WithRetryAfterWhileOtherKeysGoOn() {
    JsonObject limited = newKey(first, new JsonObject().put("assignPerSecond", 2));
    assertEquals(2, limited.getJsonObject("quota").getInteger("assignPerSecond"));
    String key = limited.getString("key");
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<Buffer> refused = null;
    long began = System.nanoTime();
    for (int i = 0; i < 12; i++) {
      HttpResponse<Buffer> r = assign(first, key);
      statuses.add(r.statusCode());
      if (r.statusCode() == 429 && refused == null) {
        refused = r;
      }
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    long ok = statuses.stream().filter(s -> s == 200).count();
    assertTrue(
        ok >= 4 && ok <= 4 + Math.ceil(2 * seconds),
        "a burst of 4, then 2 a second, over " + seconds + " s: " + statuses);
    assertTrue(statuses.contains(429), "" + statuses);
    assertEquals(12 - ok, statuses.stream().filter(s -> s == 429).count(), "" + statuses);
    assertEquals(
        "quota_exceeded", refused.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertEquals("1", refused.getHeader("Retry-After"));
    String other = newKey(first, null).getString("key");
    assertEquals(200, assign(first, other).statusCode(), "another key has its own bucket");
  }

  @Test
  void eventsCountAgainstTheEventQuotaEventByEventAndARefusedBatchStoresNothing() throws Exception {
    String key = newKey(first, new JsonObject().put("eventsPerSecond", 500)).getString("key");
    assertEquals(202, postEvents(key, "q-a", 800).statusCode());
    HttpResponse<Buffer> refused = postEvents(key, "q-b", 800);
    assertEquals(429, refused.statusCode(), refused.bodyAsString());
    assertTrue(Integer.parseInt(refused.getHeader("Retry-After")) >= 1);
    assertEquals(0, storedWithPrefix("q-b-"), "nothing of a refused batch is kept");
    assertEquals(202, postEvents(key, "q-c", 100).statusCode(), "a smaller batch fits");
  }

  @Test
  void anAdminsQuotaAppliesAtOnceOnItsServerAndWithinMomentsOnEveryOther() {
    JsonObject created = newKey(first, null);
    String key = created.getString("key");
    assertEquals(200, assign(second, key).statusCode(), "the second server knows the key");
    HttpResponse<Buffer> patched =
        first.admin(
            PATCH,
            "/api/v1/keys/" + created.getLong("id"),
            new JsonObject().put("quota", new JsonObject().put("assignPerSecond", 1)));
    assertEquals(200, patched.statusCode(), patched.bodyAsString());
    assertEquals(
        1, patched.bodyAsJsonObject().getJsonObject("quota").getInteger("assignPerSecond"));
    assertTrue(firstRefusal(first, key, Duration.ofSeconds(2)), "at once where it was set");
    assertTrue(
        firstRefusal(second, key, Duration.ofSeconds(5)), "within moments elsewhere (NOTIFY)");
    JsonObject listed =
        first.admin(GET, "/api/v1/keys", null).bodyAsJsonObject().getJsonArray("keys").stream()
            .map(JsonObject.class::cast)
            .filter(k -> k.getLong("id").equals(created.getLong("id")))
            .findFirst()
            .orElseThrow();
    assertEquals(1, listed.getJsonObject("quota").getInteger("assignPerSecond"));
    HttpResponse<Buffer> tooLow =
        first.admin(
            PATCH,
            "/api/v1/keys/" + created.getLong("id"),
            new JsonObject().put("quota", new JsonObject().put("eventsPerSecond", 10)));
    assertEquals(400, tooLow.statusCode());
    assertEquals(
        "quota.eventsPerSecond",
        tooLow.bodyAsJsonObject().getJsonObject("error").getString("field"));
  }

  /** Whether /assign with this key is refused with 429 within the time (bounded polling). */
  private static boolean firstRefusal(RunningServer server, String key, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (assign(server, key).statusCode() == 429) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aFloodOfUnknownKeysFromOneAddressIsRefusedWithoutLookingTheKeysUp() {
    DatabaseTarget own = TestDatabase.fresh();
    try (RunningServer server =
        RunningServer.start(
            own,
            false,
            c ->
                c.with(
                    new QuotaDefaults(
                        QuotaDefaults.DEFAULTS.assignPerSecond(),
                        QuotaDefaults.DEFAULTS.eventsPerSecond(),
                        5)))) {
      String key = newKey(server, null).getString("key");
      for (int i = 0; i < 5; i++) {
        assertEquals(401, sdkConfig(server, "pk_" + UUID.randomUUID(), "127.0.0.2").status());
      }
      Response refused = sdkConfig(server, "pk_" + UUID.randomUUID(), "127.0.0.2");
      assertEquals(429, refused.status(), refused.body());
      assertEquals("too_many_failed_authentications", refused.errorCode());
      assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);
      assertEquals(200, sdkConfig(server, key, null).status(), "a key in use, from 127.0.0.1");
      blockConnections(own, true);
      try {
        Response noLookup = sdkConfig(server, "pk_" + UUID.randomUUID(), "127.0.0.2");
        assertEquals(429, noLookup.status(), "refused without asking the (unreachable) database");
        assertEquals(200, sdkConfig(server, key, "127.0.0.2").status(), "a known key passes");
      } finally {
        blockConnections(own, false);
      }
      assertEquals(
          401,
          sdkConfig(server, "pk_" + UUID.randomUUID(), "127.0.0.1").status(),
          "another address is not held back");
    }
  }

  private static Response sdkConfig(RunningServer server, String key, String from) {
    try (RawHttp raw = RawHttp.connect("127.0.0.1", server.port(), from)) {
      return raw.send(
              "GET /api/v1/sdk/config HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + key
                  + "\r\n\r\n")
          .read(5000);
    }
  }

  private static void blockConnections(DatabaseTarget target, boolean blocked) {
    DatabaseTarget admin = TestDatabase.serverTarget();
    TestDatabase.execute(
        admin, "ALTER DATABASE " + target.database() + " ALLOW_CONNECTIONS " + !blocked);
    if (blocked) {
      TestDatabase.execute(
          admin,
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
              + target.database()
              + "'");
    }
  }

  private static HttpResponse<Buffer> postEvents(String key, String prefix, int count) {
    JsonArray events = new JsonArray();
    for (int i = 0; i < count; i++) {
      events.add(
          new JsonObject()
              .put("id", prefix + "-" + i)
              .put("type", "conversion")
              .put("unitId", "u-" + i)
              .put("metric", "signup"));
    }
    return first.call(POST, "/api/v1/events", key, new JsonObject().put("events", events));
  }

  private static long storedWithPrefix(String prefix) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT count(*) FROM events WHERE id LIKE '" + prefix + "%'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
