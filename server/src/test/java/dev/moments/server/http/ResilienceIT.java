package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moments.server.MomentsServer;
import dev.moments.server.config.MomentsConfig;
import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import dev.moments.server.testing.TestPorts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The database going away and coming back, restarts, and migrations applied twice. */
class ResilienceIT {
  @Test
  void databaseDownGives503AndTheServerRecoversByItself() {
    try (RunningServer server = RunningServer.start()) {
      DatabaseTarget db = server.database();
      assertEquals(
          201,
          server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.a", "FMOT")).statusCode());
      DatabaseTarget admin = TestDatabase.serverTarget();
      TestDatabase.execute(admin, "ALTER DATABASE " + db.database() + " ALLOW_CONNECTIONS false");
      TestDatabase.execute(
          admin,
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
              + db.database()
              + "'");
      HttpResponse<Buffer> down = server.admin(GET, "/api/v1/moments", null);
      assertEquals(503, down.statusCode(), down.bodyAsString());
      assertEquals("5", down.getHeader("Retry-After"));
      assertEquals("unavailable", down.bodyAsJsonObject().getJsonObject("error").getString("code"));
      assertEquals(503, server.call(GET, "/health", null, null).statusCode());

      TestDatabase.execute(admin, "ALTER DATABASE " + db.database() + " ALLOW_CONNECTIONS true");
      HttpResponse<Buffer> up = server.admin(GET, "/api/v1/moments", null);
      assertEquals(200, up.statusCode(), up.bodyAsString());
      assertEquals(200, server.call(GET, "/health", null, null).statusCode());
    }
  }

  @Test
  void embeddedDatabaseKeepsDataAcrossRestartsAndSeedsTheDemoOnce() throws Exception {
    // a start that finds its port taken has seeded its data directory: another port, another one
    Started started =
        TestPorts.onFreePort(
            port -> {
              MomentsConfig config =
                  MomentsConfig.builder()
                      .port(port)
                      .dataDir(Files.createTempDirectory("moments-restart"))
                      .demo(true)
                      .poolSize(2)
                      .httpInstances(1)
                      .embeddedFsync(true)
                      .build();
              return new Started(config, MomentsServer.start(config));
            });
    MomentsConfig config = started.config();
    String generatedKey;
    try (MomentsServer first = started.server()) {
      generatedKey = first.report().generatedAdminKey().orElseThrow();
      assertEquals(true, first.report().demoSeeded());
    }
    try (MomentsServer second = MomentsServer.start(config)) {
      assertEquals(
          Optional.empty(), second.report().generatedAdminKey(), "the key is printed once");
      assertEquals(false, second.report().demoSeeded());
      var response =
          io.vertx.ext.web.client.WebClient.create(second.vertx())
              .get(config.port(), "localhost", "/api/v1/experiments/hero-demo")
              .putHeader("Authorization", "Bearer " + generatedKey)
              .send()
              .await();
      assertEquals(200, response.statusCode(), response.bodyAsString());
      JsonObject demo = response.bodyAsJsonObject();
      assertEquals("running", demo.getString("status"));
      assertEquals("fmot.landing-hero", demo.getString("moment"));
    }
  }

  private record Started(MomentsConfig config, MomentsServer server) {}

  @Test
  void applyingTheMigrationsAgainIsANoOp() {
    DatabaseTarget db = TestDatabase.fresh();
    var again = dev.moments.server.db.Migrations.apply(db);
    assertEquals(0, again.migrationsExecuted);
    assertEquals(true, again.success);
  }
}
