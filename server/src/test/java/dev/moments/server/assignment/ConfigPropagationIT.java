package dev.moments.server.assignment;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one database: a change made through one reaches the other's cache within a second.
 */
class ConfigPropagationIT {
  @Test
  void aStartOnOneServerReachesTheOtherWithinOneSecond() throws Exception {
    DatabaseTarget db = TestDatabase.fresh();
    try (RunningServer a = RunningServer.start(db, false);
        RunningServer b = RunningServer.start(db, false)) {
      String before =
          b.admin(GET, "/api/v1/sdk/config", null).bodyAsJsonObject().getString("version");
      a.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.hero", "FMOT"));
      a.admin(POST, "/api/v1/experiments", Fixtures.experiment("hero", "fmot.hero"));
      assertEquals(200, a.admin(POST, "/api/v1/experiments/hero/start", null).statusCode());
      long started = System.nanoTime();
      JsonObject seen = null;
      while (System.nanoTime() - started < 1_000_000_000L) {
        JsonObject config = b.admin(GET, "/api/v1/sdk/config", null).bodyAsJsonObject();
        if (config.getJsonArray("experiments").size() == 1) {
          seen = config;
          break;
        }
        Thread.sleep(20);
      }
      assertTrue(seen != null, "server B still serves the old config after 1 s");
      assertTrue(!seen.getString("version").equals(before));
      assertEquals("hero", seen.getJsonArray("experiments").getJsonObject(0).getString("key"));
    }
  }
}
