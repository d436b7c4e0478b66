package dev.moments.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.config.Listeners;
import dev.moments.server.testing.RawHttp;
import dev.moments.server.testing.RawHttp.Response;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 13: what the server exposes and where (metrics, bind address), its answers to wrong
 * methods and oversized requests, the dashboard's caching and security headers, and CORS.
 */
class EdgeIT {
  static RunningServer server;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> call(HttpMethod method, String path) {
    return server.admin(method, path, null);
  }

  private static boolean accepts(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void metricsAreServedOnlyByTheLoopbackMetricsListener() {
    assertEquals(404, call(HttpMethod.GET, "/metrics").statusCode(), "not on the public port");
    assertTrue(server.metrics().contains("moments_rollup_pending_events"));
    int metricsPort = server.server().report().metricsPort().orElseThrow();
    assertTrue(accepts("127.0.0.1", metricsPort));
    assertFalse(accepts("127.0.0.2", metricsPort), "bound to 127.0.0.1 only");
  }

  @Test
  void bindChoosesTheInterfacesOfThePublicListener() {
    assertTrue(accepts("127.0.0.2", server.port()), "all interfaces by default");
    try (RunningServer loopback =
        RunningServer.start(
            TestDatabase.fresh(),
            false,
            c -> c.with(new Listeners("127.0.0.1", OptionalInt.empty(), "127.0.0.1")))) {
      assertTrue(accepts("127.0.0.1", loopback.port()));
      assertFalse(accepts("127.0.0.2", loopback.port()));
    }
  }

  @Test
  void aMethodTheResourceDoesNotAnswerGets405WithThatResourcesAllow() {
    assertMethodNotAllowed(HttpMethod.GET, "/api/v1/assign", "POST");
    assertMethodNotAllowed(HttpMethod.GET, "/api/v1/events", "POST");
    assertMethodNotAllowed(HttpMethod.GET, "/api/v1/experiments/x/start", "POST");
    assertMethodNotAllowed(HttpMethod.PUT, "/api/v1/moments/x", "GET, PATCH");
    assertMethodNotAllowed(HttpMethod.DELETE, "/api/v1/keys", "GET, POST");
    assertMethodNotAllowed(HttpMethod.POST, "/api/v1/keys/3", "PATCH, DELETE");
    assertMethodNotAllowed(HttpMethod.POST, "/health", "GET");
    // without a key too: the contract is public, and the method is wrong whoever asks
    HttpResponse<Buffer> anonymous = server.call(HttpMethod.GET, "/api/v1/assign", null, null);
    assertEquals(405, anonymous.statusCode());
  }

  private static void assertMethodNotAllowed(HttpMethod method, String path, String allow) {
    HttpResponse<Buffer> response = call(method, path);
    assertEquals(405, response.statusCode(), method + " " + path);
    assertEquals(allow, response.getHeader("Allow"), method + " " + path);
    assertEquals(
        "method_not_allowed", response.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }

  @Test
  void anOversizedRequestLineOrHeaderGetsTheErrorShape() {
    try (RawHttp raw = RawHttp.connect("127.0.0.1", server.port())) {
      Response line =
          raw.send("GET /api/v1/moments?q=" + "x".repeat(5000) + " HTTP/1.1\r\nHost: a\r\n\r\n")
              .read(3000);
      assertEquals(414, line.status());
      assertEquals("uri_too_long", line.errorCode());
    }
    try (RawHttp raw = RawHttp.connect("127.0.0.1", server.port())) {
      Response headers =
          raw.send("GET /health HTTP/1.1\r\nHost: a\r\nX-Big: " + "y".repeat(9000) + "\r\n\r\n")
              .read(3000);
      assertEquals(431, headers.status());
      assertEquals("headers_too_large", headers.errorCode());
    }
  }

  @Test
  void theDashboardPageIsRevalidatedItsAssetsAreVersionedAndItRunsNoInlineScript() {
    HttpResponse<Buffer> page = server.client().get("/").send().await();
    assertEquals(200, page.statusCode());
    assertEquals("no-cache", page.getHeader("Cache-Control"));
    String csp = page.getHeader("Content-Security-Policy");
    assertNotNull(csp);
    Matcher scripts = Pattern.compile("script-src ([^;]*)").matcher(csp);
    assertTrue(scripts.find(), csp);
    assertEquals("'self'", scripts.group(1).trim(), "only the dashboard's own files: " + csp);
    assertTrue(csp.contains("frame-ancestors 'none'"), csp);
    assertEquals("DENY", page.getHeader("X-Frame-Options"));
    assertEquals("no-referrer", page.getHeader("Referrer-Policy"));
    String html = page.bodyAsString();
    assertFalse(
        Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(html).find(), "no inline script");
    Matcher app = Pattern.compile("src=\"(/assets/[0-9a-f]+/js/app\\.js)\"").matcher(html);
    assertTrue(app.find(), html);
    HttpResponse<Buffer> script = server.client().get(app.group(1)).send().await();
    assertEquals(200, script.statusCode());
    assertTrue(script.getHeader("Cache-Control").contains("immutable"));
    assertTrue(script.getHeader("Cache-Control").contains("max-age=31536000"));
    String imported = app.group(1).replace("app.js", "api.js");
    assertEquals(200, server.client().get(imported).send().await().statusCode());
    assertEquals(
        404, server.client().get("/assets/000000000000/js/app.js").send().await().statusCode());
    HttpResponse<Buffer> unversioned = server.client().get("/js/app.js").send().await();
    assertEquals("no-cache", unversioned.getHeader("Cache-Control"));
  }

  @Test
  void adminRoutesAnswerNoOtherOriginWhileSdkRoutesAnswerAny() {
    HttpResponse<Buffer> preflight =
        server
            .client()
            .request(HttpMethod.OPTIONS, "/api/v1/keys")
            .putHeader("Origin", "https://evil.example")
            .putHeader("Access-Control-Request-Method", "POST")
            .putHeader("Access-Control-Request-Headers", "authorization,content-type")
            .send()
            .await();
    assertEquals(403, preflight.statusCode());
    assertNull(preflight.getHeader("Access-Control-Allow-Origin"));
    assertEquals(
        "cors_forbidden", preflight.bodyAsJsonObject().getJsonObject("error").getString("code"));
    HttpResponse<Buffer> read =
        server
            .client()
            .get("/api/v1/experiments")
            .putHeader("Origin", "https://evil.example")
            .putHeader("Authorization", "Bearer " + RunningServer.ADMIN_KEY)
            .send()
            .await();
    assertEquals(200, read.statusCode());
    assertNull(read.getHeader("Access-Control-Allow-Origin"), "a browser would not hand it over");
    HttpResponse<Buffer> sdk =
        server
            .client()
            .request(HttpMethod.OPTIONS, "/api/v1/assign")
            .putHeader("Origin", "https://shop.example")
            .putHeader("Access-Control-Request-Method", "POST")
            .send()
            .await();
    assertNotNull(sdk.getHeader("Access-Control-Allow-Origin"));
  }
}
