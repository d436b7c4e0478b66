package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 17.1 and 17.2: one rule for all text that reaches the database. A NUL character (or an
 * unpaired surrogate) anywhere, in a body, a path or a query, is a 400 naming the field, never a
 * 500, and never fails another caller's request.
 */
class TextRuleIT {
  /** The JSON escape of a NUL character, as a client writes it. */
  private static final String NUL = "\\u0000";

  static RunningServer server;
  static String serverKey;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    serverKey = server.newKey("server");
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.hero", "FMOT"));
    server.admin(
        POST,
        "/api/v1/experiments",
        Fixtures.experiment("hero", "fmot.hero").putNull("targeting").put("trafficPercent", 100));
    server.admin(POST, "/api/v1/experiments/hero/start", null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The JSON text of an experiment with {@code text} in place of one of its values. */
  private static String experimentWith(String field, String text) {
    JsonObject e = Fixtures.experiment("nul-exp", "fmot.hero").putNull("targeting");
    String placeholder = "PLACEHOLDER";
    switch (field) {
      case "name", "hypothesis" -> e.put(field, placeholder);
      case "variants[0].payload.layout" ->
          e.getJsonArray("variants")
              .getJsonObject(0)
              .getJsonObject("payload")
              .put("layout", placeholder);
      case "targeting.all[0].values[0]" ->
          e.put(
              "targeting",
              new JsonObject()
                  .put(
                      "all",
                      new JsonArray()
                          .add(
                              new JsonObject()
                                  .put("attribute", "device")
                                  .put("op", "in")
                                  .put("values", new JsonArray().add(placeholder)))));
      default -> throw new IllegalArgumentException(field);
    }
    return e.encode().replace(placeholder, text);
  }

  static Stream<Arguments> bodies() {
    return Stream.of(
        Arguments.of(
            POST,
            "/api/v1/moments",
            "{\"key\":\"m.nul\",\"stage\":\"FMOT\",\"name\":\"a" + NUL + "b\"}",
            "name"),
        Arguments.of(
            POST,
            "/api/v1/moments",
            "{\"key\":\"m.nul\",\"stage\":\"FMOT\",\"name\":\"n\",\"description\":\"" + NUL + "\"}",
            "description"),
        Arguments.of(PATCH, "/api/v1/moments/fmot.hero", "{\"name\":\"x" + NUL + "\"}", "name"),
        Arguments.of(POST, "/api/v1/experiments", experimentWith("name", "x" + NUL), "name"),
        Arguments.of(
            POST, "/api/v1/experiments", experimentWith("hypothesis", NUL + "y"), "hypothesis"),
        Arguments.of(
            POST,
            "/api/v1/experiments",
            experimentWith("variants[0].payload.layout", "a" + NUL),
            "variants[0].payload.layout"),
        Arguments.of(
            POST,
            "/api/v1/experiments",
            experimentWith("targeting.all[0].values[0]", "mobile" + NUL),
            "targeting.all[0].values[0]"),
        Arguments.of(
            POST, "/api/v1/experiments", experimentWith("name", "lone \\ud800 surrogate"), "name"),
        Arguments.of(
            PATCH, "/api/v1/experiments/hero", "{\"hypothesis\":\"" + NUL + "\"}", "hypothesis"),
        Arguments.of(POST, "/api/v1/assign", "{\"unitId\":\"x" + NUL + "\"}", "unitId"),
        Arguments.of(
            POST,
            "/api/v1/assign",
            "{\"unitId\":\"x\",\"attributes\":{\"x\":\"" + NUL + "\"}}",
            "attributes.x"),
        Arguments.of(
            POST,
            "/api/v1/assign",
            "{\"unitId\":\"x\",\"attributes\":{\"x\":\"\\udfff\"}}",
            "attributes.x"));
  }

  @ParameterizedTest(name = "{0} {1} {3}")
  @MethodSource("bodies")
  void aNulInABodyIsA400NamingTheField(HttpMethod method, String path, String body, String field) {
    String key = path.endsWith("/assign") ? serverKey : RunningServer.ADMIN_KEY;
    HttpResponse<Buffer> r = server.call(method, path, key, body);
    assertEquals(400, r.statusCode(), r.bodyAsString());
    JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
    assertEquals("invalid_text", error.getString("code"), r.bodyAsString());
    assertEquals(field, error.getString("field"), r.bodyAsString());
  }

  @Test
  void aNulInAPathOrAQueryIsA400() {
    for (String path :
        List.of(
            "/api/v1/experiments/a%00b/report.csv",
            "/api/v1/experiments/a%00b/report",
            "/api/v1/experiments/a%00b",
            "/api/v1/moments/m%00",
            "/api/v1/experiments?moment=a%00")) {
      HttpResponse<Buffer> r = server.admin(GET, path, null);
      assertEquals(400, r.statusCode(), path + ": " + r.bodyAsString());
      assertEquals(
          "invalid_text", r.bodyAsJsonObject().getJsonObject("error").getString("code"), path);
    }
    HttpResponse<Buffer> forced =
        server.call(
            POST, "/api/v1/assign?force=hero:b%00", serverKey, new JsonObject().put("unitId", "u"));
    assertEquals(400, forced.statusCode(), forced.bodyAsString());
  }

  @Test
  void attackersSendingNulNeverFailHonestVisitorsSharingTheirCommits() {
    // issue 17.1: 2 attacking and 16 honest threads: 7.1 % of honest /assign calls got 500
    List<Future<HttpResponse<Buffer>>> honest = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> attacks = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      if (i % 4 == 0) {
        attacks.add(send("{\"unitId\":\"evil-" + i + NUL + "\",\"moments\":[\"fmot.hero\"]}"));
      }
      honest.add(send("{\"unitId\":\"honest-" + i + "\",\"moments\":[\"fmot.hero\"]}"));
    }
    Future.join(new ArrayList<Future<?>>(honest)).await();
    Future.join(new ArrayList<Future<?>>(attacks)).await();
    honest.forEach(f -> assertEquals(200, f.result().statusCode(), f.result().bodyAsString()));
    attacks.forEach(f -> assertEquals(400, f.result().statusCode()));
    long stored =
        server
            .server()
            .services()
            .pool()
            .query("SELECT count(DISTINCT unit_id) FROM events WHERE unit_id LIKE 'honest-%'")
            .execute()
            .await()
            .iterator()
            .next()
            .getLong(0);
    assertEquals(400, stored);
  }

  private static Future<HttpResponse<Buffer>> send(String body) {
    return server
        .client()
        .post("/api/v1/assign")
        .putHeader("Authorization", "Bearer " + serverKey)
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body));
  }
}
