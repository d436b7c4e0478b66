package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.HashedUnits;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What counts in the statistics, against ordinary workflows (a stopped experiment whose pages keep
 * sending, a pause) and against a holder of the public client key (issue 17.4): every event is
 * kept, the ones that must not count are left out and counted by reason in the report's health.
 */
class WhatCountsIT {
  private static final String GOOGLEBOT =
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
  private static final String BROWSER =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0"
          + " Safari/537.36";
  static RunningServer server;
  static String clientKey;
  static String serverKey;
  private static int nextId;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    clientKey = server.newKey("client");
    serverKey = server.newKey("server");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A draft experiment on a moment of its own; returns it as GET /experiments/{key} shows it. */
  private static JsonObject draft(String key) {
    assertEquals(
        201,
        server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot." + key, "FMOT")).statusCode());
    HttpResponse<Buffer> created =
        server.admin(
            POST,
            "/api/v1/experiments",
            Fixtures.experiment(key, "fmot." + key)
                .putNull("targeting")
                .put("trafficPercent", 100));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return created.bodyAsJsonObject();
  }

  private static JsonObject running(String key) {
    JsonObject experiment = draft(key);
    lifecycle(key, "start");
    return experiment;
  }

  private static void lifecycle(String key, String action) {
    HttpResponse<Buffer> r = server.admin(POST, "/api/v1/experiments/" + key + "/" + action, null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
  }

  static JsonObject exposure(String unit, String experiment, String variant) {
    return new JsonObject()
        .put("id", "e-" + nextId++)
        .put("type", "exposure")
        .put("unitId", unit)
        .put("experiment", experiment)
        .put("variant", variant);
  }

  static JsonObject conversion(String unit, String metric) {
    return new JsonObject()
        .put("id", "e-" + nextId++)
        .put("type", "conversion")
        .put("unitId", unit)
        .put("metric", metric);
  }

  /** POST /events with this key and user agent; every event must be accepted (stored). */
  static void send(String key, String userAgent, List<JsonObject> events) {
    HttpResponse<Buffer> r =
        server.call(
            POST,
            "/api/v1/events",
            key,
            new JsonObject().put("events", new JsonArray(List.copyOf(events))),
            Map.of("User-Agent", userAgent));
    assertEquals(202, r.statusCode(), r.bodyAsString());
    assertEquals(events.size(), r.bodyAsJsonObject().getInteger("accepted"), r.bodyAsString());
  }

  /** Each unit's exposure (and a conversion when {@code converts}), one request per unit. */
  static void visit(
      String key, List<String> units, String experiment, String variant, boolean converts) {
    for (String unit : units) {
      send(
          key,
          BROWSER,
          converts
              ? List.of(exposure(unit, experiment, variant), conversion(unit, "signup"))
              : List.of(exposure(unit, experiment, variant)));
    }
  }

  static JsonObject report(String key) {
    server.awaitFolded();
    HttpResponse<Buffer> r = server.admin(GET, "/api/v1/experiments/" + key + "/report", null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static long units(JsonObject report, String variant) {
    return report.getJsonArray("variants").stream()
        .map(JsonObject.class::cast)
        .filter(v -> v.getString("key").equals(variant))
        .findFirst()
        .orElseThrow()
        .getLong("units");
  }

  static long conversions(JsonObject report, String variant) {
    return report.getJsonArray("metrics").getJsonObject(0).getJsonArray("variants").stream()
        .map(JsonObject.class::cast)
        .filter(v -> v.getString("key").equals(variant))
        .findFirst()
        .orElseThrow()
        .getLong("conversions");
  }

  static long health(JsonObject report, String reason) {
    return report.getJsonObject("health").getLong(reason);
  }

  @Test
  void aStoppedOrPausedExperimentStopsCountingAndTheTimeBeforeItsStartNeverCounted() {
    // issue 15.5: pages with an inlined config kept assigning after Stop and the units kept growing
    JsonObject e = draft("periods");
    visit(clientKey, HashedUnits.in(e, "bold", 10, "early-"), "periods", "bold", false);
    lifecycle("periods", "start");
    List<String> control = HashedUnits.in(e, "control", 10, "c-");
    List<String> bold = HashedUnits.in(e, "bold", 10, "b-");
    visit(clientKey, control.subList(0, 5), "periods", "control", true);
    visit(clientKey, control.subList(5, 10), "periods", "control", false);
    visit(clientKey, bold.subList(0, 5), "periods", "bold", true);
    visit(clientKey, bold.subList(5, 10), "periods", "bold", false);
    lifecycle("periods", "pause");
    visit(clientKey, HashedUnits.in(e, "bold", 6, "paused-"), "periods", "bold", false);
    send(clientKey, BROWSER, List.of(conversion(control.get(6), "signup")));
    send(clientKey, BROWSER, List.of(conversion(control.get(7), "signup")));
    send(clientKey, BROWSER, List.of(conversion(bold.get(6), "signup")));
    send(clientKey, BROWSER, List.of(conversion(bold.get(7), "signup")));
    lifecycle("periods", "start");
    visit(clientKey, HashedUnits.in(e, "control", 4, "resumed-"), "periods", "control", false);
    lifecycle("periods", "stop");
    visit(clientKey, HashedUnits.in(e, "control", 8, "late-"), "periods", "control", false);
    send(clientKey, BROWSER, List.of(conversion(control.get(8), "signup")));
    send(clientKey, BROWSER, List.of(conversion(bold.get(8), "signup")));
    send(clientKey, BROWSER, List.of(conversion(bold.get(9), "signup")));

    JsonObject report = report("periods");
    assertEquals(14, units(report, "control"));
    assertEquals(10, units(report, "bold"));
    assertEquals(5, conversions(report, "control"));
    assertEquals(5, conversions(report, "bold"));
    assertEquals(10, health(report, "beforeStart"));
    assertEquals(10, health(report, "whilePaused"));
    assertEquals(11, health(report, "afterStop"));
    assertEquals(31, health(report, "excludedEvents"));
    assertEquals(0, health(report, "implausibleVariant"));
  }

  @Test
  void oneRequestOfFakeUnitsFromTheClientKeyDoesNotMoveTheLift() {
    // issue 17.4: 450 events (150 fake converting units in b, 150 idle in a) moved a lift from +0
    // to +111 % with p ~ 0 and the sample-ratio check still green
    JsonObject e = running("poison");
    visit(
        serverKey,
        HashedUnits.in(e, "control", 100, "real-c-").subList(0, 10),
        "poison",
        "control",
        true);
    visit(
        serverKey,
        HashedUnits.in(e, "control", 100, "real-c-").subList(10, 100),
        "poison",
        "control",
        false);
    visit(
        serverKey,
        HashedUnits.in(e, "bold", 100, "real-b-").subList(0, 10),
        "poison",
        "bold",
        true);
    visit(
        serverKey,
        HashedUnits.in(e, "bold", 100, "real-b-").subList(10, 100),
        "poison",
        "bold",
        false);
    JsonObject before = report("poison");
    JsonObject lift = before.getJsonArray("metrics").getJsonObject(0);

    JsonArray attack = new JsonArray();
    for (int i = 0; i < 150; i++) {
      attack.add(exposure("fake-b-" + i, "poison", "bold"));
      attack.add(conversion("fake-b-" + i, "signup"));
      attack.add(exposure("fake-a-" + i, "poison", "control"));
    }
    send(clientKey, BROWSER, attack.stream().map(JsonObject.class::cast).toList());
    // the same attack split into one request per unit: the hash gives control to units claiming
    // bold, and bold to those claiming control
    List<String> claimBold = HashedUnits.notIn(e, "bold", 150, "split-b-");
    visit(clientKey, claimBold, "poison", "bold", true);
    visit(clientKey, HashedUnits.notIn(e, "control", 150, "split-a-"), "poison", "control", false);

    JsonObject after = report("poison");
    assertEquals(100, units(after, "control"));
    assertEquals(100, units(after, "bold"));
    assertEquals(10, conversions(after, "bold"));
    assertEquals(
        lift.getJsonArray("comparisons"),
        after.getJsonArray("metrics").getJsonObject(0).getJsonArray("comparisons"),
        "the lift did not move");
    // the 300 exposures; the fake units' conversions are credited to no experiment at all
    assertEquals(300, health(after, "manyUnitsInRequest"));
    assertEquals(300, health(after, "implausibleVariant"));
  }

  @Test
  void unsignedForcedExposuresFromTheClientKeyDoNotRemoveRealConverters() {
    // issue 17.4: 50 forced:true exposures removed 50 real control converters
    JsonObject e = running("forcing");
    List<String> converters = HashedUnits.in(e, "control", 50, "victim-");
    visit(serverKey, converters, "forcing", "control", true);
    visit(serverKey, HashedUnits.in(e, "bold", 50, "other-"), "forcing", "bold", false);
    for (int i = 0; i < converters.size(); i += 4) {
      send(
          clientKey,
          BROWSER,
          converters.subList(i, Math.min(converters.size(), i + 4)).stream()
              .map(victim -> exposure(victim, "forcing", "bold").put("forced", true))
              .toList());
    }
    // a QA preview with a signature from the admin API is a real forced exposure
    String sig = server.signedLink("forcing", "force", "bold").getString("sig");
    send(
        clientKey,
        BROWSER,
        List.of(
            exposure("qa-person", "forcing", "bold")
                .put("forced", true)
                .put("attributes", new JsonObject().put("sig", sig))));
    send(
        clientKey,
        BROWSER,
        List.of(
            exposure("qa-forger", "forcing", "bold")
                .put("forced", true)
                .put("attributes", new JsonObject().put("sig", forged(sig)))));

    JsonObject report = report("forcing");
    assertEquals(50, units(report, "control"));
    assertEquals(50, conversions(report, "control"));
    assertEquals(51, health(report, "unsignedForce"));
    assertEquals(1, health(report, "forcedExposures"));
  }

  /** The same signature with one character of its MAC changed. */
  private static String forged(String sig) {
    char last = sig.charAt(sig.length() - 1);
    return sig.substring(0, sig.length() - 1) + (last == 'A' ? 'B' : 'A');
  }

  @Test
  void exposuresDatedBeforeTheStartDoNotCount() {
    // issue 17.4: exposures dated 7 days before the start counted
    JsonObject e = running("backdated");
    String sixDaysAgo = Instant.now().minus(Duration.ofDays(6)).toString();
    List<String> old = HashedUnits.in(e, "bold", 30, "old-");
    for (int i = 0; i < old.size(); i += 2) {
      List<JsonObject> events = new java.util.ArrayList<>();
      for (String unit : old.subList(i, i + 2)) {
        events.add(exposure(unit, "backdated", "bold").put("timestamp", sixDaysAgo));
        events.add(conversion(unit, "signup").put("timestamp", sixDaysAgo));
      }
      send(clientKey, BROWSER, events);
    }
    JsonObject report = report("backdated");
    assertEquals(0, units(report, "bold"));
    assertEquals(30, health(report, "beforeStart"));
  }

  @Test
  void eventsForDraftAndUnknownExperimentsAreKeptOutAndCounted() {
    // issue 17.4: events for draft and unknown experiments were stored and reported (a draft
    // showed 96,000 units)
    JsonObject e = draft("drafty");
    visit(clientKey, HashedUnits.in(e, "bold", 40, "d-"), "drafty", "bold", false);
    for (int i = 0; i < 25; i++) {
      send(clientKey, BROWSER, List.of(exposure("g-" + i, "ghost-experiment", "bold")));
    }
    JsonObject report = report("drafty");
    assertEquals(0, units(report, "bold"));
    assertEquals(40, health(report, "beforeStart"));

    JsonObject summary = server.admin(GET, "/api/v1/events/summary", null).bodyAsJsonObject();
    JsonObject unknown = summary.getJsonObject("unknownExperiments");
    assertTrue(
        unknown
            .getJsonArray("experiments")
            .contains(new JsonObject().put("key", "ghost-experiment").put("events", 25)),
        summary.encode());
    assertTrue(unknown.getLong("events") >= 25, summary.encode());
    assertTrue(summary.getJsonObject("excluded").getLong("beforeStart") >= 65, summary.encode());
    assertTrue(metric("unknownExperiment") >= 25);
    assertEquals(403, server.call(GET, "/api/v1/events/summary", clientKey, null).statusCode());
  }

  @Test
  void holdoutExposuresAreStoredAndCountedInNoExperiment() {
    // the SDKs log one per unit and holdout (spec/README.md, "Holdouts"); they were refused (400)
    JsonObject e = running("heldout");
    List<String> units = HashedUnits.in(e, "bold", 6, "h-");
    for (String unit : units) {
      send(
          clientKey,
          BROWSER,
          List.of(
              exposure(unit, "q1-holdout", "exposed").put("source", "holdout"),
              exposure(unit, "heldout", "bold"),
              conversion(unit, "signup")));
    }
    JsonObject report = report("heldout");
    assertEquals(6, units(report, "bold"));
    assertEquals(6, conversions(report, "bold"));
    assertEquals(0, health(report, "excludedEvents"));
    // no holdout q1-holdout exists here: its exposures are left out like those of an unknown
    // experiment and counted where the team sees them (they were counted nowhere)
    JsonObject summary = server.admin(GET, "/api/v1/events/summary", null).bodyAsJsonObject();
    assertTrue(
        summary
            .getJsonObject("unknownExperiments")
            .getJsonArray("experiments")
            .contains(new JsonObject().put("key", "q1-holdout").put("events", 6)),
        summary.encode());
  }

  /** moments_events_excluded_total of one reason on /metrics (the metrics listener). */
  static double metric(String reason) {
    String text = server.metrics();
    Matcher m =
        Pattern.compile(
                "moments_events_excluded_total\\{reason=\"" + reason + "\"[^}]*} ([0-9.eE+]+)")
            .matcher(text);
    assertTrue(m.find(), "no moments_events_excluded_total for " + reason);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void crawlersAreLeftOutAndCountedButABackEndsUserAgentSaysNothing() {
    JsonObject e = running("crawled");
    List<String> units = HashedUnits.in(e, "control", 6, "cr-");
    for (String unit : units.subList(0, 3)) {
      send(clientKey, GOOGLEBOT, List.of(exposure(unit, "crawled", "control")));
    }
    HttpResponse<Buffer> assigned =
        server.call(
            POST,
            "/api/v1/assign",
            clientKey,
            new JsonObject()
                .put("unitId", units.get(3))
                .put("moments", new JsonArray().add("fmot.crawled")),
            Map.of("User-Agent", GOOGLEBOT));
    assertEquals(200, assigned.statusCode(), assigned.bodyAsString());
    // the crawler still gets its page: only the statistics leave it out
    assertEquals(1, assigned.bodyAsJsonObject().getJsonArray("assignments").size());
    for (String unit : units.subList(4, 6)) {
      send(serverKey, GOOGLEBOT, List.of(exposure(unit, "crawled", "control")));
    }
    JsonObject report = report("crawled");
    assertEquals(4, health(report, "bot"));
    assertEquals(2, units(report, "control"));
  }

  @Test
  void theClientKeyCannotSquatTheExposureIdsOfAssign() {
    // issue 17.3: events with the ids /assign makes dropped 200 victims' real exposures
    JsonObject e = running("squat");
    List<String> victims = HashedUnits.in(e, "control", 100, "victim-");
    victims = new java.util.ArrayList<>(victims);
    victims.addAll(HashedUnits.in(e, "bold", 100, "victim-b-"));
    JsonArray squat = new JsonArray();
    for (String victim : victims) {
      String variant = HashedUnits.variantOf(e, victim);
      squat.add(
          exposure(victim, "squat", variant).put("id", "~assign:squat/" + variant + "/" + victim));
    }
    for (int i = 0; i < squat.size(); i += 4) {
      HttpResponse<Buffer> r =
          server.call(
              POST,
              "/api/v1/events",
              clientKey,
              new JsonObject()
                  .put(
                      "events",
                      new JsonArray(squat.getList().subList(i, Math.min(squat.size(), i + 4)))));
      assertEquals(202, r.statusCode(), r.bodyAsString());
      JsonObject answer = r.bodyAsJsonObject();
      assertEquals(0, answer.getInteger("accepted"), answer.encode());
      assertEquals(
          "reserved_id",
          answer
              .getJsonArray("rejected")
              .getJsonObject(0)
              .getJsonObject("error")
              .getString("code"));
    }
    for (String victim : victims) {
      HttpResponse<Buffer> r =
          server.call(
              POST,
              "/api/v1/assign",
              clientKey,
              new JsonObject()
                  .put("unitId", victim)
                  .put("moments", new JsonArray().add("fmot.squat")));
      assertEquals(200, r.statusCode(), r.bodyAsString());
    }
    long stored =
        server
            .server()
            .services()
            .pool()
            .query("SELECT count(*) FROM events WHERE experiment = 'squat' AND id LIKE '~assign:%'")
            .execute()
            .await()
            .iterator()
            .next()
            .getLong(0);
    assertEquals(200, stored);
    JsonObject report = report("squat");
    assertEquals(100, units(report, "control"));
    assertEquals(100, units(report, "bold"));
  }
}
