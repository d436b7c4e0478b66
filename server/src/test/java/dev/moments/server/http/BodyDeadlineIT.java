package dev.moments.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.config.HttpLimits;
import dev.moments.server.testing.RawHttp;
import dev.moments.server.testing.RawHttp.Response;
import dev.moments.server.testing.RunningServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The body timeout as a connection's deadline (ConnectionGuard times bodies as it times headers,
 * one timer per connection): on a fresh or a kept-alive connection a stalled body gets its 408
 * after the body timeout, not after the longer header timeout and not before, and a body that
 * arrives in time after a previous request is answered. The same outcomes as one timer per body.
 */
class BodyDeadlineIT {
  private static final long BODY_MS = 1000;
  private static final long HEADER_MS = 4000;
  private static final HttpLimits LIMITS =
      new HttpLimits(
          Duration.ofMillis(HEADER_MS),
          Duration.ofMillis(BODY_MS),
          Duration.ofSeconds(60),
          10_000,
          1 << 20);
  private static RunningServer server;
  private static String clientKey;

  @BeforeAll
  static void start() {
    server = HttpLimitsIT.serverWith(LIMITS);
    clientKey = HttpLimitsIT.newClientKey(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String head(int length) {
    return "POST /api/v1/assign HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Authorization: Bearer "
        + clientKey
        + "\r\nContent-Length: "
        + length
        + "\r\n\r\n";
  }

  private static String assign(String unit) {
    String body = "{\"unitId\":\"" + unit + "\"}";
    return head(body.length()) + body;
  }

  /** Sends a body that stops half-way; asserts the 408 comes after the body timeout only. */
  private static void stallsAndGets408(RawHttp raw) {
    long began = System.nanoTime();
    raw.send(head(100) + "{\"unitId\":");
    Response response = raw.read((int) HEADER_MS + 3000);
    long tookMs = (System.nanoTime() - began) / 1_000_000;
    assertEquals(408, response.status(), response.body());
    assertEquals("request_timeout", response.errorCode());
    assertTrue(tookMs >= BODY_MS - 100, "not before the body timeout: " + tookMs + " ms");
    assertTrue(
        tookMs < HEADER_MS - 500, "at the body timeout, not the header's: " + tookMs + " ms");
    assertTrue(raw.closedWithin(4000), "the unread rest is dropped and the connection closed");
  }

  @Test
  void aStalledBodyOnAFreshConnectionGets408AtTheBodyTimeout() {
    try (RawHttp raw = RawHttp.connect("127.0.0.1", server.port())) {
      stallsAndGets408(raw);
    }
  }

  @Test
  void aStalledBodyAfterAnAnsweredRequestGets408AtTheBodyTimeout() {
    try (RawHttp raw = RawHttp.connect("127.0.0.1", server.port())) {
      Response first = raw.send(assign("deadline-1")).read(3000);
      assertEquals(200, first.status(), first.body());
      stallsAndGets408(raw);
    }
  }

  @Test
  void aSlowBodyWithinTheTimeoutAfterAnEarlierRequestIsAnswered() throws Exception {
    try (RawHttp raw = RawHttp.connect("127.0.0.1", server.port())) {
      Response first = raw.send(assign("deadline-2")).read(3000);
      assertEquals(200, first.status(), first.body());
      // past the first body's deadline: it must not apply to the next body
      Thread.sleep(BODY_MS * 7 / 10);
      String body = "{\"unitId\":\"deadline-3\"}";
      raw.send(head(body.length()) + body.substring(0, 5));
      Thread.sleep(BODY_MS / 2);
      Response second = raw.send(body.substring(5)).read(3000);
      assertEquals(200, second.status(), second.body());
    }
  }
}
