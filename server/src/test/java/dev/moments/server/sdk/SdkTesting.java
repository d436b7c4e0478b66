package dev.moments.server.sdk;

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

/** What the SDK integration tests share: a server key and a builder pointed at the running server. */
final class SdkTesting {
  private SdkTesting() {
  }

  static String serverKey(RunningServer server) {
    HttpResponse<Buffer> created = server.admin(POST, "/api/v1/keys",
        new JsonObject().put("kind", "server").put("name", "java-sdk"));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return created.bodyAsJsonObject().getString("key");
  }

  static MomentsClientBuilder client(RunningServer server, String key) {
    return MomentsClient.builder("http://localhost:" + server.port(), key).initialFetchTimeout(Duration.ofSeconds(10));
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.sleep(10);
    }
  }
}
