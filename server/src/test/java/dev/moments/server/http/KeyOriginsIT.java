package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 item 3: a client key's allow-list of origins, enforced on the server for CORS calls and
 * for {@code ?key=} beacons (a hostile site holding the public key is refused and nothing it sends
 * is stored), and each key's last use in the keys list.
 */
class KeyOriginsIT {
  private static final String SHOP = "https://shop.example.com";
  private static final String HOSTILE = "https://evil.example";

  @Test
  void aClientKeyWithOriginsServesOnlyThoseOriginsAndRecordsItsLastUse() {
    try (RunningServer server = RunningServer.start()) {
      JsonObject created =
          server
              .admin(
                  POST, "/api/v1/keys", new JsonObject().put("kind", "client").put("name", "web"))
              .bodyAsJsonObject();
      String key = created.getString("key");
      long id = created.getLong("id");
      HttpResponse<Buffer> set =
          server.admin(
              PATCH,
              "/api/v1/keys/" + id,
              new JsonObject().put("origins", new JsonArray().add(SHOP)));
      assertEquals(200, set.statusCode(), set.bodyAsString());
      assertEquals(new JsonArray().add(SHOP), set.bodyAsJsonObject().getJsonArray("origins"));

      JsonObject assign = new JsonObject().put("unitId", "u1");
      assertEquals(200, assign(server, key, Map.of("Origin", SHOP), assign).statusCode());
      assertEquals(
          200, assign(server, key, Map.of(), assign).statusCode(), "no Origin: no browser");
      HttpResponse<Buffer> hostile = assign(server, key, Map.of("Origin", HOSTILE), assign);
      assertEquals(403, hostile.statusCode(), hostile.bodyAsString());
      assertEquals(
          "origin_forbidden", hostile.bodyAsJsonObject().getJsonObject("error").getString("code"));

      // a beacon from the hostile site is refused and nothing of it is stored: the same event sent
      // afterwards from the shop is accepted, not a duplicate
      JsonObject batch = new JsonObject().put("events", new JsonArray().add(conversion()));
      assertEquals(403, beacon(server, key, HOSTILE, batch).statusCode());
      HttpResponse<Buffer> fromShop = beacon(server, key, SHOP, batch);
      assertEquals(202, fromShop.statusCode(), fromShop.bodyAsString());
      assertEquals(1, fromShop.bodyAsJsonObject().getInteger("accepted"), fromShop.bodyAsString());

      // only client keys take origins; clearing them opens the key to any origin again
      long serverKey =
          server
              .admin(POST, "/api/v1/keys", new JsonObject().put("kind", "server").put("name", "s"))
              .bodyAsJsonObject()
              .getLong("id");
      HttpResponse<Buffer> refused =
          server.admin(
              PATCH,
              "/api/v1/keys/" + serverKey,
              new JsonObject().put("origins", new JsonArray().add(SHOP)));
      assertEquals(400, refused.statusCode(), refused.bodyAsString());
      HttpResponse<Buffer> badOrigin =
          server.admin(
              PATCH,
              "/api/v1/keys/" + id,
              new JsonObject().put("origins", new JsonArray().add("shop.example.com/path")));
      assertEquals(400, badOrigin.statusCode(), badOrigin.bodyAsString());
      HttpResponse<Buffer> cleared =
          server.admin(PATCH, "/api/v1/keys/" + id, new JsonObject().putNull("origins"));
      assertEquals(200, cleared.statusCode(), cleared.bodyAsString());
      assertEquals(200, assign(server, key, Map.of("Origin", HOSTILE), assign).statusCode());

      JsonArray keys =
          server.admin(GET, "/api/v1/keys", null).bodyAsJsonObject().getJsonArray("keys");
      assertNotNull(find(keys, id).getString("lastUsedAt"), keys.encode());
      assertNull(find(keys, serverKey).getString("lastUsedAt"), "never used");
      assertNull(find(keys, id).getJsonArray("origins"));
    }
  }

  private static JsonObject find(JsonArray keys, long id) {
    return keys.stream()
        .map(JsonObject.class::cast)
        .filter(k -> k.getLong("id") == id)
        .findFirst()
        .orElseThrow();
  }

  private static HttpResponse<Buffer> assign(
      RunningServer server, String key, Map<String, String> headers, JsonObject body) {
    return server.call(POST, "/api/v1/assign", key, body, headers);
  }

  private static HttpResponse<Buffer> beacon(
      RunningServer server, String key, String origin, JsonObject batch) {
    return server
        .client()
        .post("/api/v1/events?key=" + key)
        .putHeader("Origin", origin)
        .putHeader("Content-Type", "text/plain;charset=UTF-8")
        .sendBuffer(batch.toBuffer())
        .await();
  }

  private static JsonObject conversion() {
    return new JsonObject()
        .put("id", UUID.randomUUID().toString())
        .put("type", "conversion")
        .put("unitId", "u1")
        .put("metric", "signup")
        .put("timestamp", Instant.now().toString());
  }
}
