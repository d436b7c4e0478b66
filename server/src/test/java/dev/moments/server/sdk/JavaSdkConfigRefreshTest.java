package dev.moments.server.sdk;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.sdk.ClientStats;
import dev.moments.sdk.MomentsClient;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SDK revalidates its config with the real server's ETag and picks up what changes. */
class JavaSdkConfigRefreshTest {
  static RunningServer server;
  static String serverKey;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    serverKey = server.admin(POST, "/api/v1/keys", new JsonObject().put("kind", "server").put("name", "svc"))
        .bodyAsJsonObject().getString("key");
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.hero", "FMOT"));
    server.admin(POST, "/api/v1/experiments", Fixtures.experiment("hero", "fmot.hero").put("trafficPercent", 100)
        .putNull("targeting"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static MomentsClient client(Duration refresh) {
    return MomentsClient.builder("http://localhost:" + server.port(), serverKey).refreshInterval(refresh)
        .initialFetchTimeout(Duration.ofSeconds(10)).build();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.sleep(10);
    }
  }

  @Test
  void anUnchangedConfigIsRevalidatedWith304AndAStartedExperimentIsPickedUp() throws Exception {
    try (MomentsClient client = client(Duration.ofMillis(50))) {
      assertFalse(client.assign("fmot.hero", "user-1", Map.of()).inExperiment(), "a draft assigns nobody");
      await("five 304 answers", () -> client.stats().configNotModified() >= 5);
      ClientStats stable = client.stats();
      assertEquals(1, stable.configUpdates(), "only the first fetch carried a body");
      String served = server.call(GET, "/api/v1/sdk/config", serverKey, null).bodyAsJsonObject().getString("version");
      assertEquals(served, stable.configVersion());

      assertEquals(200, server.admin(POST, "/api/v1/experiments/hero/start", null).statusCode());
      await("the started experiment", () -> client.assign("fmot.hero", "user-1", Map.of()).inExperiment());
      ClientStats after = client.stats();
      assertEquals(2, after.configUpdates());
      assertFalse(served.equals(after.configVersion()));
      assertEquals(0, after.failedRequests());
    }
  }
}
