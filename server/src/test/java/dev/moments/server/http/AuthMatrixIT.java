package dev.moments.server.http;

import static dev.moments.server.auth.Permission.EDIT;
import static dev.moments.server.auth.Permission.MANAGE;
import static dev.moments.server.auth.Permission.READ;
import static dev.moments.server.auth.Permission.SDK;
import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.auth.Permission;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Issue 17 item 12: the whole auth matrix in one table. Every operation of the served openapi.yaml
 * is called by every kind of caller, and each answer must be what this class's own table says: 401
 * for no key and for unknown, revoked and deactivated people's keys, 403 for a key without the
 * permission, and neither (nor a 5xx) for a key with it. A route added to the contract without a
 * row in {@link #RULES} fails this test. Allowed calls name things that do not exist or send an
 * empty body, so they get through authentication and change nothing.
 */
class AuthMatrixIT {
  /** The permission each operation needs, as this test expects it. */
  private static final Map<String, Permission> RULES =
      Map.ofEntries(
          entry("createKey", MANAGE),
          entry("listKeys", MANAGE),
          entry("patchKey", MANAGE),
          entry("revokeKey", MANAGE),
          entry("createPerson", MANAGE),
          entry("listPeople", MANAGE),
          entry("getPerson", MANAGE),
          entry("changePerson", MANAGE),
          entry("deactivatePerson", MANAGE),
          entry("issuePersonKey", MANAGE),
          entry("listAudit", MANAGE),
          entry("me", READ),
          entry("createMoment", EDIT),
          entry("listMoments", READ),
          entry("getMoment", READ),
          entry("patchMoment", EDIT),
          entry("createExperiment", EDIT),
          entry("listExperiments", READ),
          entry("getExperiment", READ),
          entry("patchExperiment", EDIT),
          entry("startExperiment", EDIT),
          entry("pauseExperiment", EDIT),
          entry("stopExperiment", EDIT),
          entry("archiveExperiment", EDIT),
          entry("experimentAudit", READ),
          entry("experimentWeights", READ),
          entry("experimentReport", READ),
          entry("experimentReportCsv", READ),
          entry("power", READ),
          entry("metricsSeen", READ),
          entry("createWebhook", MANAGE),
          entry("listWebhooks", MANAGE),
          entry("deleteWebhook", MANAGE),
          entry("webhookDeliveries", MANAGE),
          entry("createHoldout", MANAGE),
          entry("listHoldouts", MANAGE),
          entry("getHoldout", MANAGE),
          entry("endHoldout", MANAGE),
          entry("holdoutReport", MANAGE),
          entry("createLink", EDIT),
          entry("eventsSummary", READ),
          entry("sdkConfig", SDK),
          entry("assign", SDK),
          entry("redirect", SDK),
          entry("postEvents", SDK));

  /** Operations anyone may call, with or without a key (`security: []` in the contract). */
  private static final Set<String> OPEN = Set.of("openapi", "health", "sdkScript");

  private static final Set<Permission> EVERYTHING = EnumSet.allOf(Permission.class);

  /**
   * A kind of caller: its key (null for none), whether the key travels as {@code ?key=}, and what
   * it may do (null: it is not authenticated at all).
   */
  private record Column(String name, String key, boolean inQuery, Set<Permission> may) {}

  private record Operation(String id, HttpMethod method, String path, boolean hasBody) {}

  private static RunningServer server;
  private static List<Column> columns;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    String adminPerson = person("Ada Admin", "ada@example.com", "admin").getString("key");
    String editor = person("Eddie Editor", "eddie@example.com", "editor").getString("key");
    String viewer = person("Vera Viewer", "vera@example.com", "viewer").getString("key");
    String client = sdkKey("client", "web");
    String serverKey = sdkKey("server", "backend");
    String revokedSdk = sdkKey("server", "retired");
    JsonObject keys = server.admin(HttpMethod.GET, "/api/v1/keys", null).bodyAsJsonObject();
    long retired =
        keys.getJsonArray("keys").stream()
            .map(JsonObject.class::cast)
            .filter(k -> k.getString("name").equals("retired"))
            .findFirst()
            .orElseThrow()
            .getLong("id");
    ok(server.admin(HttpMethod.DELETE, "/api/v1/keys/" + retired, null));
    JsonObject rotated = person("Rory Rotated", "rory@example.com", "admin");
    ok(
        server.admin(
            HttpMethod.POST, "/api/v1/people/" + rotated.getLong("id") + "/key", new JsonObject()));
    JsonObject gone = person("Dana Departed", "dana@example.com", "admin");
    ok(server.admin(HttpMethod.DELETE, "/api/v1/people/" + gone.getLong("id"), null));
    columns =
        List.of(
            new Column("admin key", RunningServer.ADMIN_KEY, false, EVERYTHING),
            new Column("person admin", adminPerson, false, EnumSet.of(READ, EDIT, MANAGE)),
            new Column("person editor", editor, false, EnumSet.of(READ, EDIT)),
            new Column("person viewer", viewer, false, EnumSet.of(READ)),
            new Column("server key", serverKey, false, EnumSet.of(SDK)),
            new Column("client key", client, false, EnumSet.of(SDK)),
            new Column("no key", null, false, null),
            new Column("unknown key", "uk_" + "x".repeat(32), false, null),
            new Column("revoked SDK key", revokedSdk, false, null),
            new Column("revoked personal key", rotated.getString("key"), false, null),
            new Column("deactivated person", gone.getString("key"), false, null),
            // Only a client key may travel in the URL, and only to POST /events.
            new Column("client key as ?key=", client, true, EnumSet.of(SDK)),
            new Column(
                "admin key as ?key=",
                RunningServer.ADMIN_KEY,
                true,
                EnumSet.noneOf(Permission.class)),
            new Column("viewer as ?key=", viewer, true, EnumSet.noneOf(Permission.class)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyOperationAnswersEveryCallerAsTheTableSays() {
    List<Operation> operations = operations();
    List<String> wrong = new ArrayList<>();
    Set<String> inContract = new TreeSet<>();
    operations.forEach(o -> inContract.add(o.id()));
    Set<String> rows = new TreeSet<>(RULES.keySet());
    rows.addAll(OPEN);
    for (String id : rows) {
      if (!inContract.contains(id)) {
        wrong.add(id + ": a row in RULES for an operation openapi.yaml does not have");
      }
    }
    int calls = 0;
    for (Operation operation : operations) {
      if (!rows.contains(operation.id())) {
        wrong.add(operation.id() + ": in openapi.yaml without a row in RULES (who may call it?)");
        continue;
      }
      for (Column column : columns) {
        int expected = expected(operation, column);
        HttpResponse<Buffer> answer = call(operation, column);
        calls++;
        String problem = problem(expected, answer);
        if (problem != null) {
          wrong.add(
              operation.method()
                  + " "
                  + operation.path()
                  + " ("
                  + operation.id()
                  + ") by "
                  + column.name()
                  + ": "
                  + problem);
        }
      }
    }
    assertTrue(
        wrong.isEmpty(), wrong.size() + " of " + calls + " calls:\n" + String.join("\n", wrong));
    assertEquals(rows.size() * columns.size(), calls, "every operation by every caller");
  }

  /** 401, 403, or 200 for "allowed" (any answer but those two and a 5xx). */
  private static int expected(Operation operation, Column column) {
    if (OPEN.contains(operation.id())) {
      return 200;
    }
    if (column.may() == null) {
      return 401;
    }
    if (column.inQuery() && !Set.of("postEvents", "redirect").contains(operation.id())) {
      return 401; // a key in the URL counts only on POST /events and GET /r/: elsewhere none
    }
    return column.may().contains(RULES.get(operation.id())) ? 200 : 403;
  }

  private static String problem(int expected, HttpResponse<Buffer> answer) {
    int status = answer.statusCode();
    if (expected == 200) {
      return status == 401 || status == 403 || status >= 500
          ? "expected to be let through, got " + status + " " + answer.bodyAsString()
          : null;
    }
    if (status != expected) {
      return "expected " + expected + ", got " + status + " " + answer.bodyAsString();
    }
    String code = answer.bodyAsJsonObject().getJsonObject("error").getString("code");
    String wanted = expected == 401 ? "unauthorized" : "forbidden";
    return code.equals(wanted) ? null : "expected code " + wanted + ", got " + code;
  }

  private static HttpResponse<Buffer> call(Operation operation, Column column) {
    String path = operation.path().replace("{key}", "matrix-nothing").replace("{id}", "999999");
    if (column.inQuery()) {
      path += "?key=" + column.key();
    }
    HttpRequest<Buffer> request = server.client().request(operation.method(), path);
    if (column.key() != null && !column.inQuery()) {
      request.putHeader("Authorization", "Bearer " + column.key());
    }
    return operation.hasBody()
        ? request.sendJsonObject(new JsonObject()).await()
        : request.send().await();
  }

  /** The operations of the served contract, read as any client of the API would. */
  @SuppressWarnings("unchecked")
  private static List<Operation> operations() {
    String yaml = server.call(HttpMethod.GET, "/api/v1/openapi.yaml", null, null).bodyAsString();
    Map<String, Object> paths =
        (Map<String, Object>) ((Map<String, Object>) new Yaml().load(yaml)).get("paths");
    List<Operation> operations = new ArrayList<>();
    paths.forEach(
        (path, item) ->
            ((Map<String, Object>) item)
                .forEach(
                    (method, operation) -> {
                      if (!method.equals("parameters")) {
                        Map<String, Object> op = (Map<String, Object>) operation;
                        operations.add(
                            new Operation(
                                (String) op.get("operationId"),
                                HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)),
                                path,
                                op.containsKey("requestBody")));
                      }
                    }));
    return operations;
  }

  private static JsonObject person(String name, String email, String role) {
    HttpResponse<Buffer> created =
        server.admin(
            HttpMethod.POST,
            "/api/v1/people",
            new JsonObject().put("name", name).put("email", email).put("role", role));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return created.bodyAsJsonObject();
  }

  private static String sdkKey(String kind, String name) {
    HttpResponse<Buffer> created =
        server.admin(
            HttpMethod.POST, "/api/v1/keys", new JsonObject().put("kind", kind).put("name", name));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return created.bodyAsJsonObject().getString("key");
  }

  private static void ok(HttpResponse<Buffer> response) {
    assertTrue(response.statusCode() < 300, response.statusCode() + " " + response.bodyAsString());
  }
}
