package dev.moments.server.http;

import static dev.moments.server.http.PeopleIT.assertError;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Someone can always manage the server: the last admin credential (the admin key or a person with
 * the admin role) cannot be revoked, demoted or deactivated, not even by two changes at once.
 */
class LastAdminIT {

  private static JsonObject add(RunningServer server, String by, String name, String role) {
    HttpResponse<Buffer> created =
        server.call(
            POST,
            "/api/v1/people",
            by,
            new JsonObject()
                .put("name", name)
                .put("email", name.toLowerCase().replace(' ', '.') + "@example.com")
                .put("role", role));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return created.bodyAsJsonObject();
  }

  private static long keyId(RunningServer server, String by, String prefix) {
    return server
        .call(GET, "/api/v1/keys", by, null)
        .bodyAsJsonObject()
        .getJsonArray("keys")
        .stream()
        .map(JsonObject.class::cast)
        .filter(k -> !k.getBoolean("revoked") && k.getString("keyPrefix").equals(prefix))
        .findFirst()
        .orElseThrow()
        .getLong("id");
  }

  /** The admin key can go once a person can manage the server instead. */
  private static void retireTheAdminKey(RunningServer server, String by) {
    long id = keyId(server, by, RunningServer.ADMIN_KEY.substring(0, 4));
    assertEquals(204, server.call(DELETE, "/api/v1/keys/" + id, by, null).statusCode());
    assertError(401, "unauthorized", server.admin(GET, "/api/v1/me", null));
  }

  private static HttpResponse<Buffer> role(RunningServer server, String by, long id, String role) {
    return server.call(PATCH, "/api/v1/people/" + id, by, new JsonObject().put("role", role));
  }

  @Test
  void theLastAdminCannotBeDemotedDeactivatedOrLoseTheirKey() {
    try (RunningServer server = RunningServer.start()) {
      JsonObject ada = add(server, RunningServer.ADMIN_KEY, "Ada Admin", "admin");
      String key = ada.getString("key");
      long id = ada.getLong("id");
      retireTheAdminKey(server, key);
      assertError(409, "last_admin", role(server, key, id, "editor"));
      assertError(409, "last_admin", server.call(DELETE, "/api/v1/people/" + id, key, null));
      assertError(
          409,
          "last_admin_key",
          server.call(
              DELETE, "/api/v1/keys/" + keyId(server, key, key.substring(0, 4)), key, null));
      assertEquals(
          "admin", server.call(GET, "/api/v1/me", key, null).bodyAsJsonObject().getString("role"));
      assertEquals(
          List.of("admin"),
          TestDatabase.strings(server.database(), "SELECT role FROM people WHERE id = " + id));
      JsonObject bea = add(server, key, "Bea Backup", "admin");
      assertEquals(200, role(server, key, id, "editor").statusCode(), "Bea manages now");
      assertError(403, "forbidden", role(server, key, bea.getLong("id"), "viewer"));
      assertError(
          409, "last_admin", role(server, bea.getString("key"), bea.getLong("id"), "viewer"));
    }
  }

  /**
   * Two admins demote each other at the same moment: one change wins, the other is refused, and one
   * admin is left. Without the shared lock both see the other as the remaining admin.
   */
  @Test
  void twoAdminsDemotingEachOtherAtOnceLeaveOne() {
    try (RunningServer server = RunningServer.start()) {
      JsonObject a = add(server, RunningServer.ADMIN_KEY, "Ann One", "admin");
      JsonObject b = add(server, RunningServer.ADMIN_KEY, "Ben Two", "admin");
      retireTheAdminKey(server, a.getString("key"));
      for (int round = 0; round < 5; round++) {
        Future<HttpResponse<Buffer>> demoteB = demote(server, a, b);
        Future<HttpResponse<Buffer>> demoteA = demote(server, b, a);
        Future.join(demoteA, demoteB).await();
        List<Integer> statuses =
            List.of(demoteA.result().statusCode(), demoteB.result().statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertTrue(statuses.contains(409) || statuses.contains(403), statuses.toString());
        List<String> admins =
            TestDatabase.strings(
                server.database(), "SELECT name FROM people WHERE role = 'admin' ORDER BY id");
        assertEquals(1, admins.size(), admins.toString());
        JsonObject survivor = admins.get(0).equals("Ann One") ? a : b;
        JsonObject demoted = survivor == a ? b : a;
        assertEquals(
            200,
            role(server, survivor.getString("key"), demoted.getLong("id"), "admin").statusCode());
      }
    }
  }

  private static Future<HttpResponse<Buffer>> demote(
      RunningServer server, JsonObject by, JsonObject who) {
    return server
        .client()
        .request(PATCH, "/api/v1/people/" + who.getLong("id"))
        .putHeader("Authorization", "Bearer " + by.getString("key"))
        .sendJsonObject(new JsonObject().put("role", "viewer"));
  }
}
