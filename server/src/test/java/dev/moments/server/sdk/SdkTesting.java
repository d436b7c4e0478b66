package dev.moments.server.sdk;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.sdk.MomentsClient;
import dev.moments.sdk.MomentsClientBuilder;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What the SDK integration tests share: a server key and a builder pointed at the running server.
 */
final class SdkTesting {
  private SdkTesting() {}

  static String serverKey(RunningServer server) {
    HttpResponse<Buffer> created =
        server.admin(
            POST, "/api/v1/keys", new JsonObject().put("kind", "server").put("name", "java-sdk"));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return created.bodyAsJsonObject().getString("key");
  }

  static MomentsClientBuilder client(RunningServer server, String key) {
    return MomentsClient.builder("http://localhost:" + server.port(), key)
        .initialFetchTimeout(Duration.ofSeconds(10));
  }

  /**
   * Waits until the server's SDK config lists {@code running} running experiments: a change reaches
   * the server's config cache through LISTEN/NOTIFY, a few milliseconds after the admin call
   * returned.
   */
  static void awaitRunning(RunningServer server, String key, int running)
      throws InterruptedException {
    await(
        running + " running experiments in the served config",
        () ->
            server
                    .call(GET, "/api/v1/sdk/config", key, null)
                    .bodyAsJsonObject()
                    .getJsonArray("experiments")
                    .stream()
                    .filter(e -> "running".equals(((JsonObject) e).getString("status")))
                    .count()
                == running);
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.sleep(10);
    }
  }
}
