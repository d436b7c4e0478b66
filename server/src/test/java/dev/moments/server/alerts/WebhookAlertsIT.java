package dev.moments.server.alerts;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.config.BackgroundJobs;
import dev.moments.server.db.Pools;
import dev.moments.server.experiment.TargetingAttributes;
import dev.moments.server.report.LiveReports;
import dev.moments.server.rollup.RollupReader;
import dev.moments.server.store.ExperimentStore;
import dev.moments.server.store.MomentStore;
import dev.moments.server.store.SequentialLooks;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import dev.moments.server.testing.WebhookReceiver;
import dev.moments.server.testing.WebhookReceiver.Received;
import dev.moments.server.testing.WebhookReceiver.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks against a real receiver that fails each event's first request with 500, leaves its
 * second unanswered until the sender times out, and accepts the third: every outcome change reaches
 * it and is acknowledged exactly once, however many watchers (servers) look and however often the
 * report is read, and every request's signature verifies.
 */
class WebhookAlertsIT {
  private static final String SECRET = "receiver-secret-0123456789";
  private static final BackgroundJobs FAST =
      new BackgroundJobs(
          Duration.ofMillis(400),
          Duration.ofMillis(100),
          5,
          Duration.ofMillis(50),
          Duration.ofMillis(300),
          0,
          Duration.ofHours(1));
  static RunningServer server;
  static WebhookReceiver receiver;
  static Vertx otherVertx;
  static Pool otherPool;

  @BeforeAll
  static void start() {
    receiver =
        new WebhookReceiver()
            .route("/flaky", SECRET, n -> n == 1 ? Reply.FAIL : n == 2 ? Reply.HANG : Reply.ACCEPT)
            .route("/slack", SECRET, n -> Reply.ACCEPT)
            .route("/down", SECRET, n -> Reply.FAIL)
            .route("/srm", SECRET, n -> Reply.ACCEPT);
    server = RunningServer.start(TestDatabase.fresh(), false, FAST);
    // a second server's connections to the same database
    otherVertx = Vertx.vertx();
    otherPool = Pools.open(otherVertx, server.database(), 2);
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.alerts", "FMOT"));
  }

  @AfterAll
  static void stop() {
    otherPool.close().await();
    otherVertx.close().await();
    server.close();
    receiver.close();
  }

  private static JsonObject webhook(String path, JsonArray events, String format) {
    JsonObject body =
        new JsonObject().put("url", receiver.url(path)).put("events", events).put("secret", SECRET);
    if (format != null) {
      body.put("format", format);
    }
    HttpResponse<Buffer> r = server.admin(POST, "/api/v1/webhooks", body);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static void startExperiment(String key, JsonObject changes) {
    HttpResponse<Buffer> created =
        server.admin(
            POST,
            "/api/v1/experiments",
            Fixtures.experiment(key, "fmot.alerts")
                .putNull("targeting")
                .put("trafficPercent", 10)
                .mergeIn(changes));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertEquals(
        200, server.admin(POST, "/api/v1/experiments/" + key + "/start", null).statusCode());
  }

  private static JsonObject decision(String outcome, String winner) {
    return new JsonObject()
        .put("outcome", outcome)
        .put("winner", winner)
        .put("reason", "scripted " + outcome + (winner == null ? "" : " " + winner));
  }

  @Test
  void everyOutcomeChangeReachesAFlakyReceiverExactlyOnce() {
    JsonObject all =
        webhook(
            "/flaky",
            new JsonArray()
                .add("decision")
                .add("srm")
                .add("guardrail_harm")
                .add("experiment.started")
                .add("experiment.stopped"),
            null);
    webhook("/slack", new JsonArray().add("decision"), "slack");
    startExperiment("alert-hero", new JsonObject());

    // Two watchers, as two servers would run them, read a scripted decision for alert-hero.
    AtomicReference<JsonObject> current = new AtomicReference<>(decision("keep_running", null));
    DecisionWatcher.Decisions scripted =
        e ->
            Future.succeededFuture(
                e.key().equals("alert-hero") ? current.get() : decision("keep_running", null));
    DecisionWatcher here = watcher(server.server().services().experiments(), scripted);
    DecisionWatcher there = watcher(new ExperimentStore(otherPool, Clock.systemUTC()), scripted);
    List<JsonObject> script =
        List.of(
            decision("keep_running", null),
            decision("srm", null),
            decision("srm", null),
            decision("winner", "bold"),
            decision("winner", "bold"),
            decision("guardrail_harm", null),
            decision("winner", "bold"),
            decision("keep_running", null),
            decision("winner", "bold"));
    int raised = 0;
    for (JsonObject step : script) {
      current.set(step);
      for (int read = 0; read < 3; read++) {
        assertEquals(
            200, server.admin(GET, "/api/v1/experiments/alert-hero/report", null).statusCode());
      }
      List<Integer> both = Future.all(here.round(), there.round()).await().list();
      raised += both.stream().mapToInt(Integer::intValue).sum();
    }
    // srm, winner bold, guardrail_harm, winner bold: keep_running and repeats alert nobody
    assertEquals(4, raised);
    // a restarted server remembers what was alerted
    DecisionWatcher restarted =
        watcher(new ExperimentStore(otherPool, Clock.systemUTC()), scripted);
    assertEquals(0, restarted.round().await());
    assertEquals(
        200,
        server
            .admin(
                POST,
                "/api/v1/experiments/alert-hero/stop",
                new JsonObject().put("rollout", "bold"))
            .statusCode());

    long id = all.getLong("id");
    awaitTrue(
        () ->
            deliveries(id).stream().allMatch(d -> d.getString("status").equals("delivered"))
                && deliveries(id).size() == 6,
        "all six deliveries delivered: " + deliveries(id));

    List<Received> heard =
        receiver.received("/flaky").stream()
            .filter(r -> "alert-hero".equals(r.experiment()))
            .toList();
    assertTrue(heard.stream().allMatch(Received::signatureValid), "every signature verifies");
    Map<String, List<Received>> byEvent =
        heard.stream().collect(Collectors.groupingBy(Received::eventId));
    assertEquals(6, byEvent.size(), "one event per change: " + byEvent.keySet());
    for (List<Received> requests : byEvent.values()) {
      assertEquals(
          List.of(Reply.FAIL, Reply.HANG, Reply.ACCEPT),
          requests.stream().map(Received::reply).toList(),
          "a 500, a timeout, then accepted once");
    }
    List<JsonObject> accepted =
        heard.stream()
            .filter(r -> r.reply() == Reply.ACCEPT)
            .map(Received::body)
            .sorted((a, b) -> a.getString("createdAt").compareTo(b.getString("createdAt")))
            .toList();
    assertEquals(
        List.of(
            "experiment.started",
            "srm",
            "decision",
            "guardrail_harm",
            "decision",
            "experiment.stopped"),
        accepted.stream().map(b -> b.getString("type")).toList());
    assertNull(accepted.get(1).getValue("previous"));
    assertEquals(
        new JsonObject().put("outcome", "srm").putNull("winner"),
        accepted.get(2).getJsonObject("previous"));
    assertEquals("bold", accepted.get(2).getJsonObject("decision").getString("winner"));
    assertEquals("guardrail_harm", accepted.get(4).getJsonObject("previous").getString("outcome"));
    assertEquals("bold", accepted.get(5).getString("rollout"));

    for (JsonObject d : deliveries(id)) {
      assertEquals(3, d.getInteger("attempts"), d.encode());
      assertEquals(200, d.getInteger("lastStatusCode"), d.encode());
    }

    // The Slack-format webhook heard only the two decisions, as {"text": ...}.
    List<Received> slack =
        receiver.received("/slack").stream()
            .filter(r -> r.body().getString("text", "").contains("alert-hero"))
            .toList();
    assertEquals(2, slack.size(), slack.toString());
    assertTrue(slack.get(0).body().getString("text").startsWith(":trophy: "), slack.toString());
    assertEquals(List.of("text"), List.copyOf(slack.get(0).body().fieldNames()));
  }

  @Test
  void aReceiverThatNeverAcceptsIsGivenUpOnAfterTheLastAttempt() {
    long id = webhook("/down", new JsonArray().add("experiment.started"), null).getLong("id");
    startExperiment("alert-down", new JsonObject().put("trafficPercent", 5));
    awaitTrue(
        () -> deliveries(id).stream().anyMatch(d -> d.getString("status").equals("failed")),
        "the delivery fails for good: " + deliveries(id));
    JsonObject failed = deliveries(id).get(0);
    assertEquals(FAST.webhookMaxAttempts(), failed.getInteger("attempts"));
    assertEquals(500, failed.getInteger("lastStatusCode"));
    assertEquals("HTTP 500: receiver is down", failed.getString("lastError"));
    assertNull(failed.getValue("nextAttemptAt"));
    assertEquals(
        FAST.webhookMaxAttempts(),
        receiver.received("/down").stream()
            .filter(r -> r.eventId().equals(failed.getJsonObject("event").getString("id")))
            .count());
    JsonObject listed =
        server
            .admin(GET, "/api/v1/webhooks", null)
            .bodyAsJsonObject()
            .getJsonArray("webhooks")
            .stream()
            .map(JsonObject.class::cast)
            .filter(w -> w.getLong("id") == id)
            .findFirst()
            .orElseThrow();
    assertEquals(1, listed.getInteger("failedDeliveries"));
    assertTrue(!listed.containsKey("secret") && listed.getString("secretHint").endsWith("6789"));
  }

  @Test
  void theServersOwnWatcherAlertsABrokenSplitFromTheRealReportOnce() {
    long id = webhook("/srm", new JsonArray().add("srm"), "slack").getLong("id");
    startExperiment("alert-srm", new JsonObject().put("trafficPercent", 5));
    JsonArray events = new JsonArray();
    String now = Instant.now().toString();
    for (int i = 0; i < 400; i++) {
      events.add(
          new JsonObject()
              .put("id", "srm-" + i)
              .put("type", "exposure")
              .put("unitId", "srm-u-" + i)
              .put("experiment", "alert-srm")
              .put("variant", i % 4 == 0 ? "bold" : "control")
              .put("timestamp", now));
    }
    assertEquals(
        202,
        server.admin(POST, "/api/v1/events", new JsonObject().put("events", events)).statusCode());
    RollupReader rollups = new RollupReader(server.server().services().pool());
    awaitTrue(() -> rollups.pendingInbox().await() == 0, "events folded");
    assertEquals(
        "srm",
        server
            .admin(GET, "/api/v1/experiments/alert-srm/report", null)
            .bodyAsJsonObject()
            .getJsonObject("decision")
            .getString("outcome"));
    awaitTrue(() -> deliveries(id).size() == 1, "the srm alert: " + deliveries(id));
    // another server's watcher on the same report, and more report reads, alert nothing more
    Clock clock = Clock.systemUTC();
    ExperimentStore experiments = new ExperimentStore(otherPool, clock);
    LiveReports reports =
        new LiveReports(
            experiments,
            new MomentStore(otherPool),
            new RollupReader(otherPool),
            clock,
            new TargetingAttributes(),
            new SequentialLooks(otherPool));
    DecisionWatcher other =
        new DecisionWatcher(
            otherPool,
            experiments,
            e -> reports.build(e).map(r -> r.getJsonObject("decision")),
            clock,
            0);
    for (int i = 0; i < 3; i++) {
      server.admin(GET, "/api/v1/experiments/alert-srm/report", null);
      assertEquals(0, other.round().await());
    }
    assertEquals(1, deliveries(id).size());
    assertEquals("srm", deliveries(id).get(0).getJsonObject("event").getString("type"));
  }

  @Test
  void onlyAdminsManageWebhooksAndBadOnesAreRefused() {
    JsonObject key =
        server
            .admin(POST, "/api/v1/keys", new JsonObject().put("kind", "server").put("name", "svc"))
            .bodyAsJsonObject();
    assertEquals(
        403, server.call(GET, "/api/v1/webhooks", key.getString("key"), null).statusCode());
    assertRefused(new JsonObject().put("url", "ftp://example.com/x"), "url");
    assertRefused(new JsonObject().put("url", "https://user:pw@example.com/x"), "url");
    assertRefused(new JsonObject().put("events", new JsonArray().add("nope")), "events[0]");
    assertRefused(new JsonObject().put("events", new JsonArray()), "events");
    assertRefused(new JsonObject().put("secret", "short"), "secret");

    JsonObject created =
        server
            .admin(
                POST,
                "/api/v1/webhooks",
                new JsonObject()
                    .put("url", "https://hooks.example.com/moments")
                    .put("events", new JsonArray().add("srm")))
            .bodyAsJsonObject();
    assertTrue(created.getString("secret").startsWith("whsec_"), created.encode());
    String path = "/api/v1/webhooks/" + created.getLong("id");
    assertEquals(204, server.admin(DELETE, path, null).statusCode());
    assertEquals(404, server.admin(DELETE, path, null).statusCode());
    assertEquals(404, server.admin(GET, path + "/deliveries", null).statusCode());
  }

  private static void assertRefused(JsonObject change, String field) {
    JsonObject body =
        new JsonObject()
            .put("url", "https://hooks.example.com/x")
            .put("events", new JsonArray().add("decision"))
            .mergeIn(change);
    HttpResponse<Buffer> r = server.admin(POST, "/api/v1/webhooks", body);
    assertEquals(400, r.statusCode(), r.bodyAsString());
    assertEquals(field, r.bodyAsJsonObject().getJsonObject("error").getString("field"));
  }

  private static DecisionWatcher watcher(
      ExperimentStore experiments, DecisionWatcher.Decisions decisions) {
    return new DecisionWatcher(
        experiments == server.server().services().experiments()
            ? server.server().services().pool()
            : otherPool,
        experiments,
        decisions,
        Clock.systemUTC(),
        0);
  }

  private static List<JsonObject> deliveries(long webhook) {
    HttpResponse<Buffer> r = server.admin(GET, "/api/v1/webhooks/" + webhook + "/deliveries", null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonArray("deliveries").stream()
        .map(JsonObject.class::cast)
        .toList();
  }

  /** Polls until the condition holds (deliveries are asynchronous), for at most 30 s. */
  private static void awaitTrue(BooleanSupplier condition, Object message) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting: " + message);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
