package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.store.KeyText;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keys beyond the matrix (every route by every kind of caller is {@link AuthMatrixIT}): what needs
 * no key, revocation, keys stored only as hashes.
 */
class AuthIT {
  static RunningServer server;
  static String clientKey;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    clientKey = newKey("client", "web");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String newKey(String kind, String name) {
    HttpResponse<Buffer> created =
        server.admin(POST, "/api/v1/keys", new JsonObject().put("kind", kind).put("name", name));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    JsonObject body = created.bodyAsJsonObject();
    assertEquals(kind, body.getString("kind"));
    assertEquals(name, body.getString("name"));
    return body.getString("key");
  }

  private static void assertError(int status, String code, HttpResponse<Buffer> response) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertEquals(code, response.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }

  @Test
  void contractAndHealthNeedNoKey() {
    HttpResponse<Buffer> contract = server.call(GET, "/api/v1/openapi.yaml", null, null);
    assertEquals(200, contract.statusCode());
    assertTrue(contract.bodyAsString().startsWith("openapi: 3.1.0"));
    HttpResponse<Buffer> health = server.call(GET, "/health", null, null);
    assertEquals("up", health.bodyAsJsonObject().getString("status"));
    assertEquals(
        new JsonObject().put("kind", "external").put("reachable", true),
        health.bodyAsJsonObject().getJsonObject("database"));
  }

  @Test
  void revokedKeysStopWorking() {
    String key = newKey("server", "short-lived");
    JsonObject listed =
        server.admin(GET, "/api/v1/keys", null).bodyAsJsonObject().getJsonArray("keys").stream()
            .map(JsonObject.class::cast)
            .filter(k -> k.getString("name").equals("short-lived"))
            .findFirst()
            .orElseThrow();
    assertFalse(listed.containsKey("key"), "a listing never shows the key itself");
    assertEquals(
        204, server.admin(DELETE, "/api/v1/keys/" + listed.getLong("id"), null).statusCode());
    assertError(401, "unauthorized", server.call(GET, "/api/v1/sdk/config", key, null));
  }

  @Test
  void onlyTheHashOfAKeyIsStored() throws Exception {
    var db = server.database();
    try (var c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        ResultSet rs =
            c.createStatement().executeQuery("SELECT key_hash FROM api_keys WHERE name = 'web'")) {
      assertTrue(rs.next());
      assertEquals(KeyText.hash(clientKey), rs.getString(1));
      assertFalse(rs.getString(1).contains(clientKey));
    }
    TestDatabase.serverTarget();
  }
}
