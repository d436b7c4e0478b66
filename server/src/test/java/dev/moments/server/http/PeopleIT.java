package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.store.KeyText;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 12: people with roles and personal keys, and an audit log that names the person
 * (and the key) behind every change.
 */
class PeopleIT {
  static RunningServer server;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonObject add(String name, String email, String role) {
    HttpResponse<Buffer> created =
        server.admin(
            POST,
            "/api/v1/people",
            new JsonObject().put("name", name).put("email", email).put("role", role));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return created.bodyAsJsonObject();
  }

  static void assertError(int status, String code, HttpResponse<Buffer> response) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertEquals(
        code,
        response.bodyAsJsonObject().getJsonObject("error").getString("code"),
        response.bodyAsString());
  }

  @Test
  void aPersonalKeyIsShownOnceAndStoredAsAHashWithFourClearCharacters() {
    JsonObject ana = add("Ana Lima", "ana@example.com", "editor");
    String key = ana.getString("key");
    assertTrue(key.length() >= 32, key);
    assertEquals(key.substring(0, 4), ana.getString("keyPrefix"));
    assertEquals("editor", ana.getString("role"));
    assertTrue(ana.getBoolean("active"));
    long id = ana.getLong("id");
    JsonObject got = server.admin(GET, "/api/v1/people/" + id, null).bodyAsJsonObject();
    assertFalse(got.containsKey("key"), got.encode());
    JsonObject withoutKey = ana.copy();
    withoutKey.remove("key");
    assertEquals(withoutKey, got);
    JsonArray people =
        server.admin(GET, "/api/v1/people", null).bodyAsJsonObject().getJsonArray("people");
    assertFalse(people.encode().contains(key), "a listing never shows the key");
    assertEquals(
        List.of(KeyText.hash(key)),
        TestDatabase.strings(
            server.database(), "SELECT key_hash FROM api_keys WHERE person_id = " + id));
    JsonObject me = server.call(GET, "/api/v1/me", key, null).bodyAsJsonObject();
    assertEquals("person", me.getString("kind"));
    assertEquals("Ana Lima", me.getString("name"));
    assertEquals("editor", me.getString("role"));
    assertEquals(new JsonArray().add("read").add("edit"), me.getJsonArray("permissions"));
    assertEquals("ana@example.com", me.getJsonObject("person").getString("email"));
  }

  @Test
  void anEditorRunsExperimentsAndAViewerOnlyReadsThem() {
    String editor = add("Eli Editor", "eli@example.com", "editor").getString("key");
    String viewer = add("Val Viewer", "val@example.com", "viewer").getString("key");
    assertEquals(
        201,
        server
            .call(POST, "/api/v1/moments", editor, Fixtures.moment("zmot.people", "ZMOT"))
            .statusCode());
    HttpResponse<Buffer> created =
        server.call(
            POST, "/api/v1/experiments", editor, Fixtures.experiment("people-exp", "zmot.people"));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    for (String action : List.of("start", "pause", "start", "stop")) {
      HttpResponse<Buffer> moved =
          server.call(POST, "/api/v1/experiments/people-exp/" + action, editor, null);
      assertEquals(200, moved.statusCode(), action + ": " + moved.bodyAsString());
    }
    for (String read :
        List.of(
            "/api/v1/experiments/people-exp",
            "/api/v1/experiments/people-exp/report",
            "/api/v1/experiments/people-exp/report.csv",
            "/api/v1/experiments/people-exp/audit",
            "/api/v1/moments/zmot.people",
            "/api/v1/power?baseline=0.1&mde=0.1")) {
      assertEquals(200, server.call(GET, read, viewer, null).statusCode(), read);
    }
    HttpResponse<Buffer> refused =
        server.call(
            PATCH,
            "/api/v1/experiments/people-exp",
            viewer,
            new JsonObject().put("name", "renamed"));
    assertError(403, "forbidden", refused);
    String message = refused.bodyAsJsonObject().getJsonObject("error").getString("message");
    assertTrue(message.contains("Val Viewer (viewer)") && message.contains("'edit'"), message);
    assertError(403, "forbidden", server.call(GET, "/api/v1/keys", editor, null));
    assertError(
        403,
        "forbidden",
        server.call(
            POST,
            "/api/v1/people",
            editor,
            new JsonObject().put("name", "Me Again").put("email", "x@y.z").put("role", "admin")));
  }

  @Test
  void theAuditLogNamesThePersonTheirRoleThenAndTheKey() {
    JsonObject ines = add("Inês Editor", "ines@example.com", "editor");
    String key = ines.getString("key");
    server.call(POST, "/api/v1/moments", key, Fixtures.moment("fmot.audit", "FMOT"));
    server.call(POST, "/api/v1/experiments", key, Fixtures.experiment("audit-exp", "fmot.audit"));
    HttpResponse<Buffer> traffic =
        server.call(
            PATCH,
            "/api/v1/experiments/audit-exp",
            key,
            new JsonObject().put("trafficPercent", 20));
    assertEquals(200, traffic.statusCode(), traffic.bodyAsString());
    // A later change of role does not rewrite what she did as an editor.
    assertEquals(
        200,
        server
            .admin(
                PATCH,
                "/api/v1/people/" + ines.getLong("id"),
                new JsonObject().put("role", "viewer"))
            .statusCode());
    JsonObject change =
        server
            .call(GET, "/api/v1/experiments/audit-exp/audit", key, null)
            .bodyAsJsonObject()
            .getJsonArray("entries")
            .getJsonObject(0);
    assertEquals("experiment.update", change.getString("action"));
    assertEquals(20.0, change.getJsonObject("after").getDouble("trafficPercent"));
    JsonObject actor = change.getJsonObject("actor");
    assertEquals("person", actor.getString("kind"));
    assertEquals("Inês Editor", actor.getString("name"));
    assertEquals(key.substring(0, 4), actor.getString("keyPrefix"));
    JsonObject person = actor.getJsonObject("person");
    assertEquals(ines.getLong("id"), person.getLong("id"));
    assertEquals("ines@example.com", person.getString("email"));
    assertEquals("editor", person.getString("role"), "the role she had when she changed it");
    JsonObject roleChange =
        server
            .admin(GET, "/api/v1/audit?entityType=person&limit=500", null)
            .bodyAsJsonObject()
            .getJsonArray("entries")
            .stream()
            .map(JsonObject.class::cast)
            .filter(e -> e.getString("entityKey").equals(String.valueOf(ines.getLong("id"))))
            .findFirst()
            .orElseThrow();
    assertEquals("person.role", roleChange.getString("action"));
    assertEquals("viewer", roleChange.getJsonObject("after").getString("role"));
    assertEquals("admin", roleChange.getJsonObject("actor").getString("kind"));
    assertNull(roleChange.getJsonObject("actor").getJsonObject("person"));
  }

  @Test
  void aPersonAdminManagesKeysAndPeopleUnderTheirOwnName() {
    String admin = add("Ada Admin", "ada@example.com", "admin").getString("key");
    HttpResponse<Buffer> key =
        server.call(
            POST, "/api/v1/keys", admin, new JsonObject().put("kind", "client").put("name", "web"));
    assertEquals(201, key.statusCode(), key.bodyAsString());
    JsonObject viewer =
        server
            .call(
                POST,
                "/api/v1/people",
                admin,
                new JsonObject()
                    .put("name", "Vic")
                    .put("email", "vic@example.com")
                    .put("role", "viewer"))
            .bodyAsJsonObject();
    for (String type : List.of("key", "person")) {
      JsonObject newest =
          server
              .call(GET, "/api/v1/audit?entityType=" + type + "&limit=1", admin, null)
              .bodyAsJsonObject()
              .getJsonArray("entries")
              .getJsonObject(0);
      assertEquals(type + ".create", newest.getString("action"));
      assertEquals(
          "Ada Admin", newest.getJsonObject("actor").getJsonObject("person").getString("name"));
      assertEquals(
          "admin", newest.getJsonObject("actor").getJsonObject("person").getString("role"));
    }
    assertEquals(
        viewer.getString("keyPrefix"),
        server
            .call(GET, "/api/v1/audit?entityType=person&limit=1", admin, null)
            .bodyAsJsonObject()
            .getJsonArray("entries")
            .getJsonObject(0)
            .getJsonObject("after")
            .getString("keyPrefix"));
  }

  @Test
  void aRoleChangeAppliesAtOnce() {
    JsonObject val = add("Rita Role", "rita@example.com", "viewer");
    String key = val.getString("key");
    JsonObject moment = Fixtures.moment("umot.role", "UMOT");
    assertError(403, "forbidden", server.call(POST, "/api/v1/moments", key, moment));
    server.admin(
        PATCH, "/api/v1/people/" + val.getLong("id"), new JsonObject().put("role", "editor"));
    assertEquals(201, server.call(POST, "/api/v1/moments", key, moment).statusCode());
    server.admin(
        PATCH, "/api/v1/people/" + val.getLong("id"), new JsonObject().put("role", "viewer"));
    assertError(
        403,
        "forbidden",
        server.call(POST, "/api/v1/moments", key, Fixtures.moment("umot.role2", "UMOT")));
  }

  @Test
  void aDeactivatedPersonIsLockedOutButStaysInTheRecord() {
    JsonObject leo = add("Leo Leaving", "leo@example.com", "editor");
    String key = leo.getString("key");
    assertEquals(200, server.call(GET, "/api/v1/moments", key, null).statusCode());
    HttpResponse<Buffer> gone = server.admin(DELETE, "/api/v1/people/" + leo.getLong("id"), null);
    assertEquals(200, gone.statusCode(), gone.bodyAsString());
    assertFalse(gone.bodyAsJsonObject().getBoolean("active"));
    assertNull(gone.bodyAsJsonObject().getString("keyPrefix"));
    assertError(401, "unauthorized", server.call(GET, "/api/v1/moments", key, null));
    assertError(
        404, "not_found", server.admin(DELETE, "/api/v1/people/" + leo.getLong("id"), null));
    assertError(
        404,
        "not_found",
        server.admin(
            PATCH, "/api/v1/people/" + leo.getLong("id"), new JsonObject().put("role", "admin")));
    assertTrue(
        server.admin(GET, "/api/v1/keys", null).bodyAsJsonObject().getJsonArray("keys").stream()
            .map(JsonObject.class::cast)
            .filter(k -> leo.getLong("id").equals(k.getLong("personId")))
            .allMatch(k -> k.getBoolean("revoked")));
    // Someone who comes back is added again under the same address.
    assertEquals("editor", add("Leo Leaving", "Leo@Example.com", "editor").getString("role"));
  }

  @Test
  void aNewKeyReplacesTheLostOne() {
    JsonObject kim = add("Kim Key", "kim@example.com", "viewer");
    String old = kim.getString("key");
    HttpResponse<Buffer> issued =
        server.admin(POST, "/api/v1/people/" + kim.getLong("id") + "/key", null);
    assertEquals(201, issued.statusCode(), issued.bodyAsString());
    String fresh = issued.bodyAsJsonObject().getString("key");
    assertError(401, "unauthorized", server.call(GET, "/api/v1/me", old, null));
    assertEquals(
        "Kim Key",
        server.call(GET, "/api/v1/me", fresh, null).bodyAsJsonObject().getString("name"));
    JsonObject entry =
        server
            .admin(GET, "/api/v1/audit?entityType=person&limit=1", null)
            .bodyAsJsonObject()
            .getJsonArray("entries")
            .getJsonObject(0);
    assertEquals("person.key", entry.getString("action"));
    assertEquals(old.substring(0, 4), entry.getJsonObject("before").getString("keyPrefix"));
    assertEquals(fresh.substring(0, 4), entry.getJsonObject("after").getString("keyPrefix"));
  }

  private static JsonObject without(JsonObject body, String field) {
    JsonObject copy = body.copy();
    copy.remove(field);
    return copy;
  }

  @Test
  void badInputIsRefusedAndChangesNothing() {
    add("Dee Dup", "dee@example.com", "viewer");
    JsonObject person =
        new JsonObject()
            .put("name", "Dee Again")
            .put("email", "DEE@example.com")
            .put("role", "viewer");
    assertError(409, "duplicate_email", server.admin(POST, "/api/v1/people", person));
    assertError(
        400,
        "invalid_field",
        server.admin(POST, "/api/v1/people", person.copy().put("email", "dee")));
    assertError(
        400,
        "invalid_field",
        server.admin(
            POST, "/api/v1/people", person.copy().put("email", "x@y.z").put("role", "owner")));
    // a NUL is refused by the one text rule for all text (server/README.md, "What counts")
    assertError(
        400,
        "invalid_text",
        server.admin(
            POST, "/api/v1/people", person.copy().put("email", "n@y.z").put("name", "a\u0000b")));
    assertError(
        400, "missing_field", server.admin(POST, "/api/v1/people", without(person, "role")));
    assertError(404, "not_found", server.admin(GET, "/api/v1/people/424242", null));
    assertError(400, "invalid_field", server.admin(GET, "/api/v1/people/abc", null));
    assertError(400, "missing_field", server.admin(PATCH, "/api/v1/people/1", new JsonObject()));
    assertEquals(
        List.of("1"),
        TestDatabase.strings(
            server.database(),
            "SELECT count(*)::text FROM people WHERE lower(email) = 'dee@example.com'"));
  }
}
