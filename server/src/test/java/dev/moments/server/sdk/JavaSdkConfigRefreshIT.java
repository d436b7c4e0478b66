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
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SDK revalidates its config with the real server's ETag and picks up what changes. */
class JavaSdkConfigRefreshIT {
  static RunningServer server;
  static String serverKey;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    serverKey = SdkTesting.serverKey(server);
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.hero", "FMOT"));
    server.admin(
        POST,
        "/api/v1/experiments",
        Fixtures.experiment("hero", "fmot.hero").put("trafficPercent", 100).putNull("targeting"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String servedVersion() {
    return server
        .call(GET, "/api/v1/sdk/config", serverKey, null)
        .bodyAsJsonObject()
        .getString("version");
  }

  @Test
  void anUnchangedConfigIsRevalidatedWith304AndAStartedExperimentIsPickedUp() throws Exception {
    try (MomentsClient client =
        SdkTesting.client(server, serverKey).refreshInterval(Duration.ofMillis(50)).build()) {
      assertFalse(
          client.assign("fmot.hero", "user-1", Map.of()).inExperiment(), "a draft assigns nobody");
      SdkTesting.await(
          "the served version", () -> servedVersion().equals(client.stats().configVersion()));
      ClientStats before = client.stats();
      String served = before.configVersion();
      SdkTesting.await(
          "five 304 answers",
          () -> client.stats().configNotModified() >= before.configNotModified() + 5);
      ClientStats stable = client.stats();
      assertEquals(
          before.configUpdates(),
          stable.configUpdates(),
          "an unchanged config is never sent again");
      assertEquals(served, stable.configVersion());

      assertEquals(200, server.admin(POST, "/api/v1/experiments/hero/start", null).statusCode());
      SdkTesting.await(
          "the started experiment",
          () -> client.assign("fmot.hero", "user-1", Map.of()).inExperiment());
      ClientStats after = client.stats();
      assertTrue(after.configUpdates() > stable.configUpdates());
      assertFalse(served.equals(after.configVersion()));
      assertEquals(0, after.failedRequests());
    }
  }
}
