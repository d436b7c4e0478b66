package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every validation rule of the admin API: a 400 with the error shape and the field at fault, and no
 * change.
 */
class ValidationIT {
  static RunningServer server;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    assertEquals(
        201,
        server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.hero", "FMOT")).statusCode());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Case(String name, Consumer<JsonObject> bend, String code, String field) {}

  @TestFactory
  Stream<DynamicTest> invalidExperimentsAreRejectedWithTheirField() {
    return Stream.of(
            new Case("key with capitals", e -> e.put("key", "Hero"), "invalid_field", "key"),
            new Case("key too long", e -> e.put("key", "a".repeat(65)), "invalid_field", "key"),
            new Case(
                "one variant",
                e -> e.getJsonArray("variants").remove(1),
                "invalid_field",
                "variants"),
            new Case(
                "duplicate variant keys",
                e -> e.getJsonArray("variants").getJsonObject(1).put("key", "control"),
                "duplicate_variant",
                "variants[1].key"),
            new Case(
                "zero weight",
                e -> e.getJsonArray("variants").getJsonObject(1).put("weight", 0),
                "invalid_field",
                "variants[1].weight"),
            new Case(
                "negative weight",
                e -> e.getJsonArray("variants").getJsonObject(0).put("weight", -5),
                "invalid_field",
                "variants[0].weight"),
            new Case(
                "unknown variant kind",
                e -> e.getJsonArray("variants").getJsonObject(0).put("kind", "video"),
                "invalid_field",
                "variants[0].kind"),
            new Case(
                "control is not a variant",
                e -> e.put("control", "nobody"),
                "unknown_control",
                "control"),
            new Case(
                "traffic zero", e -> e.put("trafficPercent", 0), "invalid_field", "trafficPercent"),
            new Case(
                "traffic above 100",
                e -> e.put("trafficPercent", 100.5),
                "invalid_field",
                "trafficPercent"),
            new Case(
                "alpha zero",
                e -> e.getJsonObject("stats").put("alpha", 0),
                "invalid_field",
                "stats.alpha"),
            new Case(
                "alpha 0.5",
                e -> e.getJsonObject("stats").put("alpha", 0.5),
                "invalid_field",
                "stats.alpha"),
            new Case(
                "power below 0.5",
                e -> e.getJsonObject("stats").put("power", 0.49),
                "invalid_field",
                "stats.power"),
            new Case(
                "power 1",
                e -> e.getJsonObject("stats").put("power", 1),
                "invalid_field",
                "stats.power"),
            new Case(
                "mde zero",
                e -> e.getJsonObject("stats").put("mde", 0),
                "invalid_field",
                "stats.mde"),
            new Case(
                "unknown correction",
                e -> e.getJsonObject("stats").put("correction", "bonferroni"),
                "invalid_field",
                "stats.correction"),
            new Case(
                "no primary metric",
                e -> e.remove("primaryMetric"),
                "missing_field",
                "primaryMetric"),
            new Case(
                "metric in two roles",
                e -> e.getJsonArray("guardrailMetrics").add(new JsonObject().put("key", "signup")),
                "duplicate_metric",
                "guardrailMetrics[1].key"),
            new Case(
                "unknown metric type",
                e -> e.getJsonArray("secondaryMetrics").getJsonObject(0).put("type", "median"),
                "invalid_field",
                "secondaryMetrics[0].type"),
            new Case(
                "ratio without its numerator",
                e -> e.getJsonArray("secondaryMetrics").getJsonObject(0).put("type", "ratio"),
                "invalid_field",
                "secondaryMetrics[0].numerator"),
            new Case(
                "unknown top-level field", e -> e.put("colour", "red"), "unknown_field", "colour"),
            new Case(
                "unknown nested field",
                e -> e.getJsonArray("variants").getJsonObject(0).put("colour", "red"),
                "unknown_field",
                "variants[0].colour"),
            new Case(
                "unknown targeting op",
                e ->
                    e.put(
                        "targeting",
                        new JsonObject()
                            .put("attribute", "device")
                            .put("op", "like")
                            .put("value", "m")),
                "invalid_field",
                null),
            new Case(
                "condition without its value",
                e ->
                    e.put("targeting", new JsonObject().put("attribute", "device").put("op", "eq")),
                "invalid_field",
                "targeting"),
            new Case("unknown moment", e -> e.put("moment", "nowhere"), "unknown_moment", "moment"),
            new Case(
                "planned baseline is not a rate",
                e -> e.getJsonObject("stats").put("baseline", 1.5),
                "invalid_field",
                "stats.baseline"),
            new Case(
                "planned baseline times mde leaves the rates",
                e -> e.getJsonObject("stats").put("baseline", 0.95).put("mde", 0.1),
                "invalid_field",
                "stats.mde"),
            new Case(
                "weight is a string",
                e -> e.getJsonArray("variants").getJsonObject(0).put("weight", "50"),
                "invalid_field",
                "variants[0].weight"))
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      JsonObject body =
                          Fixtures.experiment("bent-" + Math.abs(c.name().hashCode()), "fmot.hero");
                      c.bend().accept(body);
                      HttpResponse<Buffer> response =
                          server.admin(POST, "/api/v1/experiments", body);
                      assertEquals(400, response.statusCode(), response.bodyAsString());
                      JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
                      if (!c.code().equals("invalid_field")
                          || !"unknown_field".equals(error.getString("code"))) {
                        assertEquals(c.code(), error.getString("code"), response.bodyAsString());
                      }
                      if (c.field() != null) {
                        assertEquals(c.field(), error.getString("field"), response.bodyAsString());
                      }
                      JsonArray stored =
                          server
                              .admin(GET, "/api/v1/experiments", null)
                              .bodyAsJsonObject()
                              .getJsonArray("experiments");
                      assertEquals(
                          0,
                          stored.stream()
                              .filter(
                                  e ->
                                      ((JsonObject) e)
                                          .getString("key")
                                          .equals(body.getString("key")))
                              .count(),
                          "a rejected experiment must not be stored");
                    }));
  }

  @Test
  void malformedJsonIsA400NotA500() {
    HttpResponse<Buffer> response = server.admin(POST, "/api/v1/moments", "{\"key\": \"x\",");
    assertEquals(400, response.statusCode(), response.bodyAsString());
    assertEquals("application/json", response.getHeader("Content-Type"));
    response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  @Test
  void bodiesOverOneMebibyteGet413() {
    String big =
        "{\"key\":\"big\",\"stage\":\"FMOT\",\"name\":\"" + "x".repeat(1024 * 1024) + "\"}";
    HttpResponse<Buffer> response = server.admin(POST, "/api/v1/moments", big);
    assertEquals(413, response.statusCode());
    assertEquals(
        "body_too_large", response.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }

  @Test
  void unknownRoutesAndMethodsUseTheErrorShape() {
    HttpResponse<Buffer> missing = server.admin(GET, "/api/v1/nothing-here", null);
    assertEquals(404, missing.statusCode());
    assertEquals("not_found", missing.bodyAsJsonObject().getJsonObject("error").getString("code"));
    HttpResponse<Buffer> method =
        server.admin(io.vertx.core.http.HttpMethod.PUT, "/api/v1/moments", "{}");
    assertEquals(405, method.statusCode());
    assertEquals(
        "method_not_allowed", method.bodyAsJsonObject().getJsonObject("error").getString("code"));
    HttpResponse<Buffer> unknownExperiment = server.admin(GET, "/api/v1/experiments/nope", null);
    assertEquals(404, unknownExperiment.statusCode());
  }

  @Test
  void wrongMomentStageIsRejected() {
    HttpResponse<Buffer> response =
        server.admin(POST, "/api/v1/moments", Fixtures.moment("x.y", "MOT"));
    assertEquals(400, response.statusCode());
    assertEquals("stage", response.bodyAsJsonObject().getJsonObject("error").getString("field"));
  }

  @Test
  void primaryMetricMayBeAnObject() {
    JsonObject body =
        Fixtures.experiment("object-metric", "fmot.hero")
            .put("primaryMetric", new JsonObject().put("key", "revenue_total").put("type", "mean"));
    HttpResponse<Buffer> response = server.admin(POST, "/api/v1/experiments", body);
    assertEquals(201, response.statusCode(), response.bodyAsString());
    assertEquals(
        "mean", response.bodyAsJsonObject().getJsonObject("primaryMetric").getString("type"));
    assertEquals(
        new JsonArray(),
        server
            .admin(GET, "/api/v1/experiments/object-metric", null)
            .bodyAsJsonObject()
            .getJsonArray("ranges"));
  }
}
