package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.ContractValidator;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every operation of {@code openapi.yaml} is called on a real server and its real answers, a
 * success and an error each, are validated against the document ({@link ContractValidator} checks
 * each response {@link RunningServer} receives). An operation added to the document without a call
 * here, or a route answering something the document does not say, fails.
 */
class ContractIT {

  @Test
  void everyOperationAnswersAsTheDocumentSays() {
    try (RunningServer server = RunningServer.start()) {
      JsonObject key =
          ok(
                  server,
                  POST,
                  "/api/v1/keys",
                  new JsonObject().put("kind", "client").put("name", "web"))
              .bodyAsJsonObject();
      ok(server, GET, "/api/v1/keys", null);
      JsonObject quota = new JsonObject().put("assignPerSecond", 500);
      ok(server, PATCH, "/api/v1/keys/" + key.getLong("id"), new JsonObject().put("quota", quota));
      ok(server, POST, "/api/v1/moments", Fixtures.moment("fmot.contract", "FMOT"));
      ok(server, GET, "/api/v1/moments", null);
      ok(server, GET, "/api/v1/moments/fmot.contract", null);
      ok(server, PATCH, "/api/v1/moments/fmot.contract", new JsonObject().put("name", "Hero"));
      JsonObject experiment = Fixtures.experiment("contract", "fmot.contract").putNull("targeting");
      experiment.put("funnel", new JsonArray().add("signup").add("first_purchase"));
      experiment.put("stopAt", Instant.now().plus(Duration.ofDays(30)).toString());
      ok(server, POST, "/api/v1/experiments", experiment);
      ok(server, GET, "/api/v1/experiments", null);
      ok(server, GET, "/api/v1/experiments/contract", null);
      ok(server, PATCH, "/api/v1/experiments/contract", new JsonObject().put("trafficPercent", 40));
      ok(server, POST, "/api/v1/experiments/contract/start", null);
      ok(
          server,
          POST,
          "/api/v1/experiments/contract/links",
          new JsonObject().put("kind", "force").put("variant", "bold"));
      String client = key.getString("key");
      ok(server, GET, "/api/v1/sdk/config", client, null);
      ok(
          server,
          POST,
          "/api/v1/assign",
          client,
          new JsonObject()
              .put("unitId", "u-1")
              .put("moments", new JsonArray().add("fmot.contract")));
      String now = Instant.now().toString();
      JsonArray events =
          new JsonArray()
              .add(
                  new JsonObject()
                      .put("id", "c-1")
                      .put("type", "conversion")
                      .put("unitId", "u-1")
                      .put("metric", "signup")
                      .put("timestamp", now));
      ok(server, POST, "/api/v1/events", client, new JsonObject().put("events", events));
      ok(server, GET, "/api/v1/experiments/contract/report", null);
      ok(server, GET, "/api/v1/experiments/contract/report?segment=device", null);
      ok(server, GET, "/api/v1/experiments/contract/report.csv", null);
      ok(server, GET, "/api/v1/metrics/seen", null);
      ok(server, GET, "/api/v1/events/summary", null);
      ok(server, GET, "/api/v1/power?baseline=0.1&mde=0.1", null);
      ok(server, POST, "/api/v1/experiments/contract/pause", null);
      ok(server, POST, "/api/v1/experiments/contract/stop", new JsonObject());
      ok(server, POST, "/api/v1/experiments/contract/archive", null);
      ok(server, GET, "/api/v1/experiments?archived=true", null);
      ok(server, GET, "/api/v1/experiments/contract/audit", null);
      ok(server, GET, "/api/v1/experiments/contract/weights", null);
      callWebhookOperations(server);
      callHoldoutOperations(server);
      callBanditReport(server);
      ok(server, GET, "/api/v1/openapi.yaml", null, null);
      ok(server, GET, "/health", null, null);
      ok(server, GET, "/api/v1/sdk/script", null, null);
      redirect(server);
      ok(server, DELETE, "/api/v1/keys/" + key.getLong("id"), null);
      callPeopleOperations(server);

      // one error of each kind the document lists, validated against the error schema
      server.call(GET, "/api/v1/experiments", null, null); // 401
      server.admin(GET, "/api/v1/experiments/nope", null); // 404
      server.admin(GET, "/api/v1/moments/nope", null);
      server.admin(POST, "/api/v1/experiments", new JsonObject()); // 400
      server.admin(GET, "/api/v1/experiments/nope/report", null);
      server.admin(GET, "/api/v1/power?mde=0.1", null);

      Set<String> documented = new TreeSet<>();
      ContractValidator.document()
          .getJsonObject("paths")
          .forEach(
              path ->
                  ((JsonObject) path.getValue())
                      .forEach(
                          op -> {
                            if (op.getValue() instanceof JsonObject o
                                && o.containsKey("operationId")) {
                              documented.add(o.getString("operationId"));
                            }
                          }));
      Set<String> succeeded = new TreeSet<>();
      server.contractChecked().stream()
          .filter(c -> c.matches(".* (2\\d\\d|302)"))
          .forEach(c -> succeeded.add(c.substring(0, c.indexOf(' '))));
      assertEquals(documented, succeeded, "operations called with a success");
      assertTrue(
          server.contractChecked().stream().anyMatch(c -> c.endsWith(" 401")),
          server.contractChecked().toString());
      assertTrue(server.contractChecked().stream().anyMatch(c -> c.endsWith(" 400")));
      assertTrue(server.contractChecked().stream().anyMatch(c -> c.endsWith(" 404")));
    }
  }

  /** GET /r/{moment} answers 302 to a split-URL variant's page. */
  private static void redirect(RunningServer server) {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.contract-split", "FMOT"));
    JsonObject split = Fixtures.experiment("contract-split", "fmot.contract-split");
    split.getJsonArray("variants").getJsonObject(0).put("url", "https://shop.example.com/a");
    split.getJsonArray("variants").getJsonObject(1).put("url", "https://shop.example.com/b");
    ok(server, POST, "/api/v1/experiments", split);
    ok(server, POST, "/api/v1/experiments/contract-split/start", null);
    HttpResponse<Buffer> sent =
        server.call(
            GET, "/r/fmot.contract-split?unit=u1&utm_source=x", RunningServer.ADMIN_KEY, null);
    assertEquals(302, sent.statusCode(), sent.bodyAsString());
    assertTrue(sent.getHeader("Location").startsWith("https://shop.example.com/"));
  }

  private static void callWebhookOperations(RunningServer server) {
    JsonObject webhook =
        new JsonObject()
            .put("url", "http://127.0.0.1:9/contract")
            .put("events", new JsonArray().add("decision").add("experiment.stopped"));
    long id = ok(server, POST, "/api/v1/webhooks", webhook).bodyAsJsonObject().getLong("id");
    ok(server, GET, "/api/v1/webhooks", null);
    ok(server, GET, "/api/v1/webhooks/" + id + "/deliveries", null);
    ok(server, DELETE, "/api/v1/webhooks/" + id, null);
    server.admin(DELETE, "/api/v1/webhooks/" + id, null); // 404
  }

  private static void callHoldoutOperations(RunningServer server) {
    JsonObject holdout =
        new JsonObject()
            .put("key", "contract-holdout")
            .put("name", "Contract")
            .put("percent", 5)
            .put("moments", new JsonArray().add("fmot.contract"))
            .put("metrics", new JsonArray().add("signup"));
    ok(server, POST, "/api/v1/holdouts", holdout);
    server.admin(POST, "/api/v1/holdouts", holdout); // 409
    ok(server, GET, "/api/v1/holdouts", null);
    ok(server, GET, "/api/v1/holdouts/contract-holdout", null);
    ok(server, GET, "/api/v1/holdouts/contract-holdout/report", null);
    ok(server, GET, "/api/v1/holdouts/contract-holdout/report?metrics=signup,first_purchase", null);
    ok(server, POST, "/api/v1/holdouts/contract-holdout/end", null);
    server.admin(POST, "/api/v1/holdouts/contract-holdout/end", null); // 409
    server.admin(GET, "/api/v1/holdouts/nope", null); // 404
  }

  /** A bandit's report carries changingSplit.bandit and the decision's best arm (issue 21). */
  private static void callBanditReport(RunningServer server) {
    ok(server, POST, "/api/v1/moments", Fixtures.moment("zmot.contract", "ZMOT"));
    JsonObject bandit =
        Fixtures.experiment("contract-bandit", "zmot.contract")
            .putNull("targeting")
            .put("allocation", new JsonObject().put("type", "bandit"));
    ok(server, POST, "/api/v1/experiments", bandit);
    ok(server, POST, "/api/v1/experiments/contract-bandit/start", null);
    JsonObject report =
        ok(server, GET, "/api/v1/experiments/contract-bandit/report", null).bodyAsJsonObject();
    assertEquals(
        "no_units",
        report.getJsonObject("changingSplit").getJsonObject("bandit").getString("error"));
  }

  private static void callPeopleOperations(RunningServer server) {
    JsonObject person =
        new JsonObject().put("name", "Cleo Contract").put("email", "cleo@example.com");
    long id =
        ok(server, POST, "/api/v1/people", person.put("role", "viewer"))
            .bodyAsJsonObject()
            .getLong("id");
    ok(server, GET, "/api/v1/people", null);
    ok(server, GET, "/api/v1/people/" + id, null);
    ok(server, PATCH, "/api/v1/people/" + id, new JsonObject().put("role", "editor"));
    String personal =
        ok(server, POST, "/api/v1/people/" + id + "/key", new JsonObject())
            .bodyAsJsonObject()
            .getString("key");
    ok(server, GET, "/api/v1/me", personal, null);
    ok(server, GET, "/api/v1/audit", null);
    ok(server, GET, "/api/v1/audit?entityType=webhook", null);
    ok(server, DELETE, "/api/v1/people/" + id, null);
  }

  private static HttpResponse<Buffer> ok(
      RunningServer server, HttpMethod method, String path, Object body) {
    return ok(server, method, path, RunningServer.ADMIN_KEY, body);
  }

  private static HttpResponse<Buffer> ok(
      RunningServer server, HttpMethod method, String path, String key, Object body) {
    HttpResponse<Buffer> response = server.call(method, path, key, body);
    assertTrue(
        response.statusCode() < 300,
        method
            + " "
            + path
            + " answered "
            + response.statusCode()
            + ": "
            + response.bodyAsString());
    return response;
  }
}
