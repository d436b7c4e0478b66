package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Schema failures read as sentences a person can act on, not as the validator's internals. */
class ErrorMessagesIT {
  static RunningServer server;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.hero", "FMOT"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject error(Consumer<JsonObject> bend) {
    JsonObject body = Fixtures.experiment("msg", "fmot.hero");
    bend.accept(body);
    return server
        .admin(POST, "/api/v1/experiments", body)
        .bodyAsJsonObject()
        .getJsonObject("error");
  }

  @Test
  void boundsNameTheLimitAndTheValue() {
    assertEquals(
        "'variants[1].weight' must be greater than 0 (got 0).",
        error(e -> e.getJsonArray("variants").getJsonObject(1).put("weight", 0))
            .getString("message"));
    assertEquals(
        "'stats.alpha' must be less than 0.5 (got 0.7).",
        error(e -> e.getJsonObject("stats").put("alpha", 0.7)).getString("message"));
  }

  @Test
  void missingFieldsAreNamed() {
    JsonObject error = error(e -> e.remove("control"));
    assertEquals("missing_field", error.getString("code"));
    assertEquals("control", error.getString("field"));
    assertEquals("'control' is required.", error.getString("message"));
  }

  @Test
  void typesEnumsAndPatternsSayWhatIsExpected() {
    assertEquals(
        "'trafficPercent' must be a number.",
        error(e -> e.put("trafficPercent", "ten")).getString("message"));
    assertEquals(
        "'variants[0].kind' must be one of [\"landing_page\",\"ad\",\"generic\"].",
        error(e -> e.getJsonArray("variants").getJsonObject(0).put("kind", "video"))
            .getString("message"));
    assertEquals(
        "'key' must be 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.",
        error(e -> e.put("key", "Bad Key")).getString("message"));
  }

  @Test
  void queryParametersAreNamedToo() {
    JsonObject wrongType =
        server
            .admin(io.vertx.core.http.HttpMethod.GET, "/api/v1/power?baseline=abc&mde=0.2", null)
            .bodyAsJsonObject()
            .getJsonObject("error");
    assertEquals("baseline", wrongType.getString("field"));
    assertEquals("'baseline' must be a number.", wrongType.getString("message"));
    JsonObject missing =
        server
            .admin(io.vertx.core.http.HttpMethod.GET, "/api/v1/power?mde=0.25", null)
            .bodyAsJsonObject()
            .getJsonObject("error");
    assertEquals("missing_field", missing.getString("code"));
    assertEquals("baseline", missing.getString("field"));
  }
}
