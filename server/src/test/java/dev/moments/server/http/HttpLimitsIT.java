package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.config.HttpLimits;
import dev.moments.server.config.MomentsConfig;
import dev.moments.server.testing.RawHttp;
import dev.moments.server.testing.RawHttp.Response;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 6 at the edge of a real server: nothing is read before authentication, and header,
 * body, connection and buffer limits bound what a client can hold.
 */
class HttpLimitsIT {
  static final String EVENTS_HEAD =
      "POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";
  static RunningServer server;
  static String clientKey;

  @BeforeAll
  static void start() {
    server = serverWith(new HttpLimits(seconds(1), seconds(1), seconds(60), 10_000, 1 << 20));
    clientKey = newClientKey(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static UnaryOperator<MomentsConfig> limits(HttpLimits limits) {
    return config -> config.with(limits);
  }

  /** A server of its own, on a fresh database, with these limits. */
  static RunningServer serverWith(HttpLimits limits) {
    return RunningServer.start(TestDatabase.fresh(), false, limits(limits));
  }

  static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }

  static String newClientKey(RunningServer server) {
    return server
        .admin(POST, "/api/v1/keys", new JsonObject().put("kind", "client").put("name", "web"))
        .bodyAsJsonObject()
        .getString("key");
  }

  private static RawHttp connect() {
    return RawHttp.connect("127.0.0.1", server.port());
  }

  /** The audit's attack: a 1 MiB body without a key, all but its last byte sent. */
  @Test
  void aRequestWithoutAKeyIsAnsweredBeforeItsBodyIsReadAndItsConnectionClosed() {
    try (RawHttp raw = connect()) {
      raw.send(EVENTS_HEAD + "Content-Length: 1048576\r\n\r\n").send(new byte[4096]);
      Response response = raw.read(3000);
      assertEquals(401, response.status(), response.body());
      assertEquals("unauthorized", response.errorCode());
      assertEquals("close", response.header("Connection"));
      assertTrue(raw.closedWithin(4000), "the unread body is dropped and the connection closed");
    }
  }

  @Test
  void aBodyThatStopsHalfWayGets408AfterTheBodyTimeout() {
    try (RawHttp raw = connect()) {
      long began = System.nanoTime();
      raw.send(
              EVENTS_HEAD
                  + "Authorization: Bearer "
                  + clientKey
                  + "\r\nContent-Length: 100\r\n\r\n{\"events\":")
          .send(new byte[0]);
      Response response = raw.read(5000);
      assertEquals(408, response.status(), response.body());
      assertEquals("request_timeout", response.errorCode());
      assertTrue(System.nanoTime() - began >= 900_000_000L, "not before the 1 s body timeout");
    }
  }

  @Test
  void headersThatNeverEndAreCutOffAfterTheHeaderTimeout() {
    try (RawHttp raw = connect()) {
      raw.send("POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
      assertTrue(raw.closedWithin(4000), "closed 1 s after the connection opened");
    }
    try (RawHttp idle = connect()) {
      assertTrue(idle.closedWithin(4000), "a connection that never sends anything too");
    }
  }

  /** The header timeout counts from the previous answer on a kept-alive connection. */
  @Test
  void aKeptAliveConnectionWaitsTheHeaderTimeoutAgainAfterEachAnswer() throws Exception {
    try (RawHttp raw = connect()) {
      Thread.sleep(500);
      Response health = raw.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").read(3000);
      assertEquals(200, health.status(), health.body());
      assertEquals("timeout=1", health.header("Keep-Alive"), "how long it may stay idle");
      // the first wait (1 s from opening) has passed within this, the one from the answer has not
      assertFalse(raw.closedWithin(700), "closed before 1 s after the answer");
      assertTrue(raw.closedWithin(3000), "an idle kept-alive connection is closed");
    }
  }

  @Test
  void aBodyBeyondTheBufferBudgetGets503UntilTheBudgetIsFreeAgain() {
    Response refused;
    try (RawHttp holder = connect()) {
      // holds the whole 1 MiB budget of this server while it sends (slowly)
      holder.send(
          EVENTS_HEAD
              + "Authorization: Bearer "
              + clientKey
              + "\r\nContent-Length: 1048576\r\n\r\n");
      holder.send(new byte[1000]);
      try (RawHttp other = connect()) {
        other.send(eventRequest("budget-1"));
        refused = other.read(3000);
      }
    }
    assertEquals(503, refused.status(), refused.body());
    assertEquals("overloaded", refused.errorCode());
    assertEquals("1", refused.header("Retry-After"));
    Response accepted = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      try (RawHttp again = connect()) {
        accepted = again.send(eventRequest("budget-2")).read(3000);
      }
      if (accepted.status() == 202) {
        break;
      }
      sleepBriefly();
    }
    assertEquals(202, accepted.status(), accepted.body());
  }

  @Test
  void connectionsBeyondTheCapAreClosedAtOnce() {
    try (RunningServer capped =
        serverWith(new HttpLimits(seconds(30), seconds(30), seconds(60), 3, 1 << 20))) {
      List<RawHttp> held = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          held.add(RawHttp.connect("127.0.0.1", capped.port()));
        }
        try (RawHttp fourth = RawHttp.connect("127.0.0.1", capped.port())) {
          assertTrue(fourth.closedWithin(3000), "the fourth connection is refused");
        }
        Response health =
            held.get(0).send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").read(3000);
        assertEquals(200, health.status(), "the ones within the cap are served");
        assertFalse(held.get(1).closedWithin(200));
      } finally {
        held.forEach(RawHttp::close);
      }
    }
  }

  private static String eventRequest(String id) {
    String body =
        new JsonObject()
            .put(
                "events",
                new io.vertx.core.json.JsonArray()
                    .add(
                        new JsonObject()
                            .put("id", id)
                            .put("type", "conversion")
                            .put("unitId", "u-" + id)
                            .put("metric", "signup")))
            .encode();
    return EVENTS_HEAD
        + "Authorization: Bearer "
        + clientKey
        + "\r\nContent-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
