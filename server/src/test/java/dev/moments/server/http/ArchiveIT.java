package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Archiving a stopped experiment: read-only, out of the list unless asked for, report kept. */
class ArchiveIT {
  static RunningServer server;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.archive", "FMOT"));
    for (String key : List.of("arch-old", "arch-live")) {
      server.admin(
          POST,
          "/api/v1/experiments",
          Fixtures.experiment(key, "fmot.archive").putNull("targeting").put("trafficPercent", 20));
      server.admin(POST, "/api/v1/experiments/" + key + "/start", null);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String code(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  @Test
  void aStoppedExperimentIsArchivedReadOnlyAndHiddenButItsReportStays() {
    HttpResponse<Buffer> running =
        server.admin(POST, "/api/v1/experiments/arch-live/archive", null);
    assertEquals(409, running.statusCode());
    assertEquals("not_stopped", code(running));

    server.admin(
        POST, "/api/v1/experiments/arch-old/stop", new JsonObject().put("rollout", "bold"));
    HttpResponse<Buffer> archived =
        server.admin(POST, "/api/v1/experiments/arch-old/archive", null);
    assertEquals(200, archived.statusCode(), archived.bodyAsString());
    assertTrue(archived.bodyAsJsonObject().getBoolean("archived"));

    assertEquals(List.of("arch-live"), server.experimentKeys(""));
    assertEquals(List.of(), server.experimentKeys("?status=stopped"));
    assertEquals(List.of("arch-old", "arch-live"), server.experimentKeys("?archived=true"));
    assertEquals(List.of("arch-old"), server.experimentKeys("?archived=true&status=stopped"));

    for (String change : List.of("start", "pause", "stop", "archive")) {
      HttpResponse<Buffer> r = server.admin(POST, "/api/v1/experiments/arch-old/" + change, null);
      assertEquals(409, r.statusCode(), change);
      assertEquals("archived", code(r), change);
    }
    HttpResponse<Buffer> edit =
        server.admin(PATCH, "/api/v1/experiments/arch-old", new JsonObject().put("name", "x"));
    assertEquals(409, edit.statusCode());
    assertEquals("archived", code(edit));

    assertEquals(200, server.admin(GET, "/api/v1/experiments/arch-old", null).statusCode());
    assertEquals(200, server.admin(GET, "/api/v1/experiments/arch-old/report", null).statusCode());
    assertEquals(
        200, server.admin(GET, "/api/v1/experiments/arch-old/report.csv", null).statusCode());
    // the variant it rolled out is still served to the SDKs
    JsonObject config =
        server
            .admin(GET, "/api/v1/sdk/config", null)
            .bodyAsJsonObject()
            .getJsonArray("experiments")
            .stream()
            .map(JsonObject.class::cast)
            .filter(e -> e.getString("key").equals("arch-old"))
            .findFirst()
            .orElseThrow();
    assertEquals("bold", config.getString("rollout"));
    JsonObject audit =
        server
            .admin(GET, "/api/v1/experiments/arch-old/audit", null)
            .bodyAsJsonObject()
            .getJsonArray("entries")
            .getJsonObject(0);
    assertEquals("experiment.archive", audit.getString("action"));
    assertEquals(false, audit.getJsonObject("before").getBoolean("archived"));
    assertEquals(true, audit.getJsonObject("after").getBoolean("archived"));
  }
}
