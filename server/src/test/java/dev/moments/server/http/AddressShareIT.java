package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.config.QuotaDefaults;
import dev.moments.server.testing.RawHttp;
import dev.moments.server.testing.RawHttp.Response;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One visitor holding the public client key cannot make every other visitor's batches fail. */
class AddressShareIT {
  @Test
  void anAddressOverItsEventsShareGets429WhileAnotherAddressOfTheSameKeyIsAccepted() {
    try (RunningServer server =
        RunningServer.start(
            TestDatabase.fresh(),
            false,
            c -> c.with(new QuotaDefaults(10_000, 50_000, 60, 500, 500)))) {
      HttpResponse<Buffer> created =
          server.admin(
              POST, "/api/v1/keys", new JsonObject().put("kind", "client").put("name", "web"));
      assertEquals(201, created.statusCode(), created.bodyAsString());
      String key = created.bodyAsJsonObject().getString("key");
      assertEquals(202, events(server, key, "127.0.0.2", "a1").status(), "A's two-second burst");
      Response refused = events(server, key, "127.0.0.2", "a2");
      assertEquals(429, refused.status(), refused.body());
      assertEquals("quota_exceeded", refused.errorCode());
      assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);
      Response other = events(server, key, "127.0.0.3", "b1");
      assertEquals(202, other.status(), "B of the same key is accepted: " + other.body());
    }
  }

  private static Response events(RunningServer server, String key, String from, String prefix) {
    JsonArray events = new JsonArray();
    for (int i = 0; i < 1000; i++) {
      events.add(
          new JsonObject()
              .put("id", prefix + "-" + i)
              .put("type", "conversion")
              .put("unitId", "u-" + i)
              .put("metric", "signup"));
    }
    byte[] body = new JsonObject().put("events", events).encode().getBytes(StandardCharsets.UTF_8);
    try (RawHttp raw = RawHttp.connect("127.0.0.1", server.port(), from)) {
      return raw.send(
              "POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + key
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n"
                  + new String(body, StandardCharsets.UTF_8))
          .read(10000);
    }
  }
}
