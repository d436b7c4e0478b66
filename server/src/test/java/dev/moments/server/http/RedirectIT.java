package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 item 13(b): GET /r/{moment} assigns, logs the exposure and answers 302 to the variant's
 * configured url with the query kept; bad input gets the contract's error and never a redirect
 * anywhere else. The browser side (cookie, repeat visit) is sdk-js's page.test.mjs.
 */
class RedirectIT {
  private static final String PAGES = "https://shop.example.com/";
  private static RunningServer server;
  private static String clientKey;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    clientKey = server.newKey("client");
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.split", "FMOT"));
    JsonObject split =
        Fixtures.experiment("split", "fmot.split").put("trafficPercent", 100).putNull("targeting");
    JsonArray variants = split.getJsonArray("variants");
    variants.getJsonObject(0).put("url", PAGES + "landing?v=a");
    variants.getJsonObject(1).put("url", PAGES + "landing-b#top");
    server.admin(POST, "/api/v1/experiments", split);
    server.admin(POST, "/api/v1/experiments/split/start", null);
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.nourl", "FMOT"));
    server.admin(POST, "/api/v1/experiments", Fixtures.experiment("nourl", "fmot.nourl"));
    server.admin(POST, "/api/v1/experiments/nourl/start", null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> visit(String pathAndQuery, Map<String, String> headers) {
    var request = server.client().get(pathAndQuery).followRedirects(false);
    headers.forEach(request::putHeader);
    return request.send().await();
  }

  @Test
  void sendsTheUnitToItsVariantsPageWithTheQueryKeptAndLogsTheExposure() {
    String query =
        "?key="
            + clientKey
            + "&unit=visitor-1&utm_source=google&gclid=abc&url=https://evil.example";
    HttpResponse<Buffer> sent = server.call(GET, "/r/fmot.split" + query, null, null);
    assertEquals(302, sent.statusCode(), sent.bodyAsString());
    String location = sent.getHeader("Location");
    assertTrue(
        location.equals(PAGES + "landing?v=a&utm_source=google&gclid=abc&url=https://evil.example")
            || location.equals(
                PAGES + "landing-b?utm_source=google&gclid=abc&url=https://evil.example#top"),
        location);
    assertNull(sent.getHeader("Set-Cookie"), "a given unit sets no cookie");
    assertEquals("no-store", sent.getHeader("Cache-Control"));
    String variant = location.startsWith(PAGES + "landing?") ? "control" : "bold";
    JsonObject assigned =
        server
            .call(POST, "/api/v1/assign", clientKey, new JsonObject().put("unitId", "visitor-1"))
            .bodyAsJsonObject();
    assertEquals(
        variant, assigned.getJsonArray("assignments").getJsonObject(0).getString("variant"));
    // stored once: the same exposure sent again (its id is the server's, per unit and variant) is
    // a duplicate
    JsonObject again =
        new JsonObject()
            .put("id", "~assign:split/" + variant + "/visitor-1")
            .put("type", "exposure")
            .put("unitId", "visitor-1")
            .put("experiment", "split")
            .put("variant", variant)
            .put("timestamp", java.time.Instant.now().toString());
    JsonObject stored =
        server
            .call(
                POST,
                "/api/v1/events",
                server.newKey("server"),
                new JsonObject().put("events", new JsonArray().add(again)))
            .bodyAsJsonObject();
    assertEquals(1, stored.getInteger("duplicates"), stored.encode());
  }

  @Test
  void aNewVisitorGetsTheCookieAndTheSameVariantOnTheNextVisit() {
    String link = "/r/fmot.split?key=" + clientKey + "&utm_campaign=spring%20sale&gclid=1";
    HttpResponse<Buffer> first = visit(link, Map.of("Referer", "https://www.google.com/"));
    assertEquals(302, first.statusCode(), first.bodyAsString());
    String cookie = first.getHeader("Set-Cookie");
    assertTrue(cookie.startsWith("moments_id="), cookie);
    assertTrue(cookie.contains("Path=/") && cookie.contains("SameSite=Lax"), cookie);
    String id = cookie.substring("moments_id=".length(), cookie.indexOf(';'));
    // the SDK's visitor record (decodeURIComponent, then JSON), with the first visit's attributes:
    // an id alone is a returning visitor to the landing page's SDK, which then captured none
    assertTrue(!id.contains("+"), id);
    JsonObject visitorRecord =
        new JsonObject(java.net.URLDecoder.decode(id, java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(
        new JsonObject()
            .put("utm_campaign", "spring sale")
            .put("paid", true)
            .put("referrer_host", "www.google.com"),
        visitorRecord.getJsonObject("u"));
    assertEquals(visitorRecord.getString("id"), RedirectHandler.cookieUnit(id));
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> again = visit(link, Map.of("Cookie", "moments_id=" + id));
      assertEquals(first.getHeader("Location"), again.getHeader("Location"));
      assertNull(again.getHeader("Set-Cookie"));
    }
    // the JS SDK's visitor record (URI-encoded JSON) names the same unit as ?unit=
    String record = "%7B%22id%22%3A%22visitor-7%22%2C%22s%22%3A%7B%7D%7D";
    HttpResponse<Buffer> byRecord =
        visit("/r/fmot.split?key=" + clientKey, Map.of("Cookie", "moments_id=" + record));
    HttpResponse<Buffer> byUnit =
        visit("/r/fmot.split?key=" + clientKey + "&unit=visitor-7", Map.of());
    assertEquals(byUnit.getHeader("Location"), byRecord.getHeader("Location"));
  }

  @Test
  void badInputGetsTheContractsErrorAndNoRedirect() {
    assertError(server.call(GET, "/r/fmot.split?unit=u1", null, null), 401, "unauthorized");
    assertError(
        server.call(GET, "/r/fmot.split?unit=u1&key=" + server.newKey("server"), null, null),
        403,
        "forbidden");
    assertError(
        server.call(GET, "/r/fmot.split?unit=u1&key=pk_" + "x".repeat(40), null, null),
        401,
        "unauthorized");
    assertError(
        server.call(GET, "/r/fmot.split?key=" + clientKey + "&unit=" + "u".repeat(300), null, null),
        400,
        "invalid_field");
    assertError(
        server.call(GET, "/r/fmot.nourl?key=" + clientKey + "&unit=u1", null, null),
        404,
        "no_redirect_url");
    assertError(
        server.call(GET, "/r/fmot.unknown?key=" + clientKey + "&unit=u1", null, null),
        404,
        "no_redirect_url");
    assertError(server.call(GET, "/r/Not%20A%20Key?key=" + clientKey, null, null), 400, null);
  }

  @Test
  void aVariantUrlMustBeHttpOrAPathOnTheSite() {
    for (String url :
        new String[] {"javascript:alert(1)", "//evil.example/x", "ftp://x.example/"}) {
      JsonObject bad = Fixtures.experiment("bad-url", "fmot.split");
      bad.getJsonArray("variants").getJsonObject(1).put("url", url);
      HttpResponse<Buffer> refused = server.admin(POST, "/api/v1/experiments", bad);
      assertEquals(400, refused.statusCode(), url + " " + refused.bodyAsString());
      assertEquals(
          "variants[1].url",
          refused.bodyAsJsonObject().getJsonObject("error").getString("field"),
          refused.bodyAsString());
    }
  }

  private static void assertError(HttpResponse<Buffer> answer, int status, String code) {
    assertEquals(status, answer.statusCode(), answer.bodyAsString());
    assertNull(answer.getHeader("Location"));
    JsonObject error = answer.bodyAsJsonObject().getJsonObject("error");
    if (code != null) {
      assertEquals(code, error.getString("code"), answer.bodyAsString());
    }
  }
}
