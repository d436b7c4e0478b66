package dev.moments.server.report;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.rollup.RollupReader;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.HashedUnits;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 "done when", the parts of this branch: the report of a 10/90 experiment with the FMOT
 * preset, a {@code decrease} guardrail and a declared funnel, checked field by field against values
 * computed in this test (counts, funnel steps, units needed) and by {@code
 * stats/semantics_reference.py} (means, lifts, p-values, chances to beat in the metric's
 * direction), plus the metric keys seen and the typo warning. Units 0-199 are control, 200-1999
 * bold: unit ids the experiment's hash puts there, since an exposure naming another variant than
 * the hash gives is left out of the statistics. Every fourth unit came through ad a of the ad
 * experiment tenninety-ads, the next through ad b (ad-click exposures just before the landing
 * exposure), which splits the landing report by ad. A second experiment receives exposures and
 * conversions after its stop.
 */
class ReportSemanticsIT {
  static final int CONTROL = 200;
  static final int UNITS = 2000;
  static final double TOLERANCE = 1e-9;
  static RunningServer server;
  static Map<String, double[]> reference;
  static final List<String> unitIds = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    reference = reference();
    server = RunningServer.start();
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.ten", "FMOT"));
    HttpResponse<Buffer> created = server.admin(POST, "/api/v1/experiments", experiment());
    assertEquals(201, created.statusCode(), created.bodyAsString());
    server.admin(POST, "/api/v1/experiments/tenninety/start", null);
    server.admin(POST, "/api/v1/moments", Fixtures.moment("zmot.ten-ads", "ZMOT"));
    HttpResponse<Buffer> ads = server.admin(POST, "/api/v1/experiments", adExperiment());
    assertEquals(201, ads.statusCode(), ads.bodyAsString());
    server.admin(POST, "/api/v1/experiments/tenninety-ads/start", null);
    JsonObject stored = server.admin(GET, "/api/v1/experiments/tenninety", null).bodyAsJsonObject();
    unitIds.addAll(HashedUnits.in(stored, "control", CONTROL, "c-"));
    unitIds.addAll(HashedUnits.in(stored, "bold", UNITS - CONTROL, "b-"));
    Instant t0 = Instant.now();
    JsonArray events = new JsonArray();
    for (int i = 0; i < UNITS; i++) {
      if (adOf(i) != null) {
        // the ad platform chose the ad, not the hash: counted as an ad click (admin key, no link)
        events.add(
            event("ad-" + i, "exposure", i, t0)
                .put("experiment", "tenninety-ads")
                .put("variant", adOf(i))
                .put("source", "ad"));
      }
      events.add(
          event("x-" + i, "exposure", i, t0)
              .put("experiment", "tenninety")
              .put("variant", i < CONTROL ? "control" : "bold"));
      double seconds = i < CONTROL ? (i % 2 == 0 ? 20 : 40) : i == UNITS - 1 ? 5000 : 40;
      events.add(conversion("time_on_page", i, t0.plusSeconds(3)).put("value", seconds));
    }
    add(events, "engaged", i -> i < 100 || i >= 215 && i < 755, t0.plusSeconds(1));
    add(events, "signup", i -> i < 20 || i >= CONTROL && i < 470, t0.plusSeconds(2));
    add(events, "refund", i -> i < 30 || i >= CONTROL && i < 290, t0.plusSeconds(3));
    add(events, "sigup", i -> i >= 1000 && i < 1007, t0.plusSeconds(3));
    server.postEvents(events);
    awaitFold();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonObject experiment() {
    JsonObject e = Fixtures.experiment("tenninety", "fmot.ten").putNull("targeting");
    e.put("trafficPercent", 100);
    e.getJsonArray("variants").getJsonObject(0).put("weight", 10);
    e.getJsonArray("variants").getJsonObject(1).put("weight", 90);
    e.put("secondaryMetrics", new JsonArray());
    e.put(
        "guardrailMetrics",
        new JsonArray().add(new JsonObject().put("key", "refund").put("direction", "decrease")));
    e.put("preset", "fmot");
    e.put("funnel", new JsonArray().add("engaged").add("signup"));
    e.getJsonObject("stats").put("sequential", false).put("baseline", 0.1);
    return e;
  }

  /** The ad unit i came through: every fourth unit a, the next one b, the others none. */
  static String adOf(int i) {
    return i % 4 == 0 ? "a" : i % 4 == 1 ? "b" : null;
  }

  /** An ad experiment on a ZMOT moment: both variants are ads the ad platform rotates. */
  static JsonObject adExperiment() {
    JsonObject e = Fixtures.experiment("tenninety-ads", "zmot.ten-ads").putNull("targeting");
    e.put("trafficPercent", 100).put("primaryMetric", "engaged");
    e.put("secondaryMetrics", new JsonArray()).put("guardrailMetrics", new JsonArray());
    for (Object v : e.getJsonArray("variants")) {
      ((JsonObject) v).put("kind", "ad");
    }
    e.getJsonArray("variants").getJsonObject(0).put("key", "a");
    e.getJsonArray("variants").getJsonObject(1).put("key", "b");
    e.put("control", "a");
    return e;
  }

  static JsonObject event(String id, String type, int unit, Instant at) {
    return new JsonObject()
        .put("id", id)
        .put("type", type)
        .put("unitId", unitIds.get(unit))
        .put("timestamp", at.toString());
  }

  static JsonObject conversion(String metric, int unit, Instant at) {
    return event(metric + "-" + unit, "conversion", unit, at).put("metric", metric);
  }

  static void add(JsonArray events, String metric, IntPredicate converts, Instant at) {
    for (int i = 0; i < UNITS; i++) {
      if (converts.test(i)) {
        events.add(conversion(metric, i, at));
      }
    }
  }

  static JsonObject report() {
    HttpResponse<Buffer> r = server.admin(GET, "/api/v1/experiments/tenninety/report", null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static JsonObject metric(JsonObject report, String key) {
    for (Object m : report.getJsonArray("metrics")) {
      if (((JsonObject) m).getString("metric").equals(key)) {
        return (JsonObject) m;
      }
    }
    throw new AssertionError("no metric " + key + " in " + report.encodePrettily());
  }

  @Test
  void presetAddsTheFmotMetricsWithDirectionUnitAndCap() {
    JsonObject e = server.admin(GET, "/api/v1/experiments/tenninety", null).bodyAsJsonObject();
    JsonArray secondary = e.getJsonArray("secondaryMetrics");
    assertEquals("engaged", secondary.getJsonObject(0).getString("key"));
    assertEquals("increase", secondary.getJsonObject(0).getString("direction"));
    JsonObject time = secondary.getJsonObject(1);
    assertEquals("time_on_page", time.getString("key"));
    assertEquals("mean", time.getString("type"));
    assertEquals("s", time.getString("unit"));
    assertEquals(1800.0, time.getDouble("cap"));
    JsonArray guardrails = e.getJsonArray("guardrailMetrics");
    assertEquals("refund", guardrails.getJsonObject(0).getString("key"));
    assertEquals("decrease", guardrails.getJsonObject(0).getString("direction"));
    assertEquals("bounce", guardrails.getJsonObject(1).getString("key"));
    assertEquals("decrease", guardrails.getJsonObject(1).getString("direction"));
    assertEquals(new JsonArray().add("engaged").add("signup"), e.getJsonArray("funnel"));
  }

  @Test
  void unitsAndUnitsNeededFollowTheSmallestArm() {
    JsonObject report = report();
    JsonArray variants = report.getJsonArray("variants");
    assertEquals(CONTROL, variants.getJsonObject(0).getLong("units"));
    assertEquals(UNITS - CONTROL, variants.getJsonObject(1).getLong("units"));
    assertEquals(UNITS, report.getJsonObject("health").getLong("unitsInStatistics"));
    JsonObject decision = report.getJsonObject("decision");
    assertEquals("keep_running", decision.getString("outcome"), decision.encode());
    // 14,751 per arm (R power.prop.test, in the reference script) for the 10 % arm
    assertEquals(14_751L * 10 - UNITS, decision.getLong("unitsNeeded"), decision.encode());
  }

  @Test
  void everyMetricMatchesTheReferenceInItsDirection() {
    JsonObject report = report();
    check(metric(report, "signup"), "primary", "increase", 20, 270, "signup", false);
    check(metric(report, "engaged"), "secondary", "increase", 100, 540, "engaged", true);
    check(metric(report, "refund"), "guardrail", "decrease", 30, 90, "refund", true);
    check(metric(report, "time_on_page"), "secondary", "increase", 200, 1800, "time_on_page", true);
    assertEquals("s", metric(report, "time_on_page").getString("unit"));
    assertNull(metric(report, "signup").getString("unit"));
    JsonObject bounce = metric(report, "bounce");
    assertEquals("decrease", bounce.getString("direction"));
    assertEquals(0, bounce.getJsonArray("variants").getJsonObject(1).getLong("conversions"));
    assertFalse(
        bounce.getJsonArray("comparisons").getJsonObject(0).getBoolean("significant"),
        bounce.encode());
  }

  /** Role, direction, conversions, means, lift, p-value, chance to beat and improvement. */
  static void check(
      JsonObject metric,
      String role,
      String direction,
      long controlConversions,
      long boldConversions,
      String tag,
      boolean significant) {
    double[] ref = reference.get(tag);
    assertEquals(role, metric.getString("role"), metric.encode());
    assertEquals(direction, metric.getString("direction"), metric.encode());
    JsonObject control = metric.getJsonArray("variants").getJsonObject(0);
    JsonObject bold = metric.getJsonArray("variants").getJsonObject(1);
    assertEquals(controlConversions, control.getLong("conversions"), metric.encode());
    assertEquals(boldConversions, bold.getLong("conversions"), metric.encode());
    assertEquals(ref[0], control.getDouble("mean"), TOLERANCE * ref[0], metric.encode());
    assertEquals(ref[1], bold.getDouble("mean"), TOLERANCE * ref[1], metric.encode());
    JsonObject c = metric.getJsonArray("comparisons").getJsonObject(0);
    assertEquals("bold", c.getString("variant"));
    assertEquals(ref[2], c.getDouble("relativeLift"), 1e-9, c.encode());
    assertEquals(ref[3], c.getDouble("pValue"), Math.max(1e-12, ref[3] * 1e-4), c.encode());
    assertEquals(ref[4], c.getDouble("chanceToBeat"), 1e-6, c.encode());
    assertEquals(significant, c.getBoolean("significant"), c.encode());
    if (significant) {
      // better means the metric's way: more time on page, fewer refunds; fewer engaged is worse
      assertEquals(ref[4] > 0.5, c.getBoolean("improvement"), c.encode());
    } else {
      assertFalse(c.containsKey("improvement"), c.encode());
    }
  }

  @Test
  void theDeclaredFunnelCountsUnitsThatDidEveryStepBefore() {
    JsonArray funnel = report().getJsonArray("funnel");
    assertEquals(2, funnel.size(), funnel.encode());
    assertEquals("engaged", funnel.getJsonObject(0).getString("metric"));
    assertEquals("signup", funnel.getJsonObject(1).getString("metric"));
    long[][] expected = {{100, 540}, {20, 255}}; // 15 bold signups never engaged
    long[] exposed = {CONTROL, UNITS - CONTROL};
    for (int step = 0; step < 2; step++) {
      JsonArray variants = funnel.getJsonObject(step).getJsonArray("variants");
      for (int v = 0; v < 2; v++) {
        JsonObject cell = variants.getJsonObject(v);
        assertEquals(expected[step][v], cell.getLong("units"), funnel.encode());
        assertEquals((double) expected[step][v] / exposed[v], cell.getDouble("rate"), 1e-12);
        double previous = step == 0 ? exposed[v] : expected[step - 1][v];
        assertEquals(expected[step][v] / previous, cell.getDouble("rateFromPrevious"), 1e-12);
      }
    }
    HttpResponse<Buffer> locked =
        server.admin(
            PATCH,
            "/api/v1/experiments/tenninety",
            new JsonObject().put("funnel", new JsonArray().add("signup")));
    assertEquals(409, locked.statusCode(), locked.bodyAsString());
    assertEquals(
        "field_locked", locked.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }

  @Test
  void anUndeclaredMetricIsSeenAndWarnedAbout() {
    // its guardrail bounce has no events here: that is another warning (guardrail_no_data)
    JsonArray warnings = new JsonArray();
    report().getJsonArray("warnings").stream()
        .map(JsonObject.class::cast)
        .filter(w -> w.getString("code").equals("undeclared_metric"))
        .forEach(warnings::add);
    assertEquals(1, warnings.size(), warnings.encode());
    JsonObject w = warnings.getJsonObject(0);
    assertEquals("undeclared_metric", w.getString("code"));
    assertEquals("sigup", w.getString("metric"));
    assertEquals(7, w.getLong("conversions"));
    assertEquals("signup", w.getString("suggestion"));
    assertTrue(w.getString("message").startsWith("7 conversions for `sigup`"), w.encode());

    JsonObject seen = server.admin(GET, "/api/v1/metrics/seen", null).bodyAsJsonObject();
    Map<String, JsonObject> byMetric = new HashMap<>();
    seen.getJsonArray("metrics")
        .forEach(m -> byMetric.put(((JsonObject) m).getString("metric"), (JsonObject) m));
    assertEquals(7, byMetric.get("sigup").getLong("conversions"));
    assertTrue(byMetric.get("sigup").getJsonArray("declaredBy").isEmpty());
    assertEquals(290, byMetric.get("signup").getLong("conversions"));
    assertEquals(
        new JsonArray().add("tenninety"), byMetric.get("signup").getJsonArray("declaredBy"));
    assertEquals(UNITS, byMetric.get("time_on_page").getLong("conversions"));
  }

  @Test
  void adClicksCountInTheAdExperimentAndSplitTheLandingReport() {
    JsonObject adReport =
        server.admin(GET, "/api/v1/experiments/tenninety-ads/report", null).bodyAsJsonObject();
    JsonArray adVariants = adReport.getJsonArray("variants");
    // 500 clicks on each ad, whatever the hash of the unit would say
    assertEquals("a", adVariants.getJsonObject(0).getString("key"));
    assertEquals(500, adVariants.getJsonObject(0).getLong("units"), adReport.encode());
    assertEquals("b", adVariants.getJsonObject(1).getString("key"));
    assertEquals(500, adVariants.getJsonObject(1).getLong("units"));
    JsonObject adHealth = adReport.getJsonObject("health");
    assertEquals(1000, adHealth.getLong("unitsInStatistics"), adHealth.encode());
    assertEquals(0, adHealth.getLong("implausibleVariant"), adHealth.encode());
    assertEquals(0, adHealth.getLong("multipleExposures"));
    assertEquals(0, adHealth.getLong("excludedEvents"));
    // engaged: units 0-99 and 215-754; of them, 25 + 135 clicked a and 25 + 135 clicked b
    JsonObject engaged = metric(adReport, "engaged");
    assertEquals(160, engaged.getJsonArray("variants").getJsonObject(0).getLong("conversions"));
    assertEquals(160, engaged.getJsonArray("variants").getJsonObject(1).getLong("conversions"));
    // the landing experiment is not changed by the clicks
    assertEquals(UNITS, report().getJsonObject("health").getLong("unitsInStatistics"));

    HttpResponse<Buffer> r =
        server.admin(GET, "/api/v1/experiments/tenninety/report?segment=ad:tenninety-ads", null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonObject match = r.bodyAsJsonObject().getJsonObject("messageMatch");
    assertEquals("tenninety-ads", match.getString("adExperiment"));
    assertEquals("signup", match.getString("metric"));
    // signup: units 0-19 and 200-469; control is 0-199, bold 200-1999
    long[][] units = {{50, 450}, {50, 450}};
    long[][] conversions = {{5, 68}, {5, 68}};
    String[] ads = {"a", "b"};
    String[] landing = {"control", "bold"};
    JsonArray cells = match.getJsonArray("cells");
    assertEquals(4, cells.size(), match.encode());
    for (int a = 0; a < 2; a++) {
      for (int v = 0; v < 2; v++) {
        JsonObject cell = cells.getJsonObject(a * 2 + v);
        assertEquals(ads[a], cell.getString("adVariant"), cell.encode());
        assertEquals(landing[v], cell.getString("landingVariant"), cell.encode());
        assertEquals(units[a][v], cell.getLong("units"), cell.encode());
        assertEquals(conversions[a][v], cell.getLong("conversions"), cell.encode());
        assertEquals((double) conversions[a][v] / units[a][v], cell.getDouble("rate"), 1e-12);
      }
      JsonObject best = match.getJsonArray("bestLanding").getJsonObject(a);
      assertEquals(ads[a], best.getString("adVariant"));
      assertEquals("bold", best.getString("landingVariant"), match.encode());
    }
    // both ads give the same table: no interaction at all
    JsonObject interaction = match.getJsonObject("interaction");
    assertEquals("likelihood_ratio", interaction.getString("method"));
    assertEquals(1, interaction.getInteger("df"), interaction.encode());
    assertEquals(0, interaction.getDouble("statistic"), 1e-9, interaction.encode());
    assertEquals(1, interaction.getDouble("pValue"), 1e-6, interaction.encode());
    assertFalse(interaction.getBoolean("significant"));
  }

  @Test
  void exposuresAndConversionsAfterTheStopAreLeftOutAndCounted() throws Exception {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.stopping", "FMOT"));
    JsonObject e = Fixtures.experiment("stopping", "fmot.stopping").putNull("targeting");
    // its own primary metric, so that the metric keys seen by the other tests stay as they were
    e.put("trafficPercent", 100).put("primaryMetric", "purchase");
    assertEquals(201, server.admin(POST, "/api/v1/experiments", e).statusCode());
    server.admin(POST, "/api/v1/experiments/stopping/start", null);
    JsonObject stored = server.admin(GET, "/api/v1/experiments/stopping", null).bodyAsJsonObject();
    List<String> control = HashedUnits.in(stored, "control", 15, "sc-");
    List<String> bold = HashedUnits.in(stored, "bold", 15, "sb-");
    Instant running = Instant.now();
    JsonArray before = new JsonArray();
    for (int i = 0; i < 10; i++) {
      before.add(exposure("sc-x" + i, control.get(i), "control", running));
      before.add(exposure("sb-x" + i, bold.get(i), "bold", running));
    }
    for (int i = 0; i < 4; i++) {
      before.add(purchase("sc-s" + i, control.get(i), running.plusSeconds(1)));
    }
    for (int i = 0; i < 6; i++) {
      before.add(purchase("sb-s" + i, bold.get(i), running.plusSeconds(1)));
    }
    server.postEvents(before);
    server.admin(POST, "/api/v1/experiments/stopping/stop", new JsonObject());
    // a page with an inlined config keeps assigning and tracking after the stop
    Instant stopped = Instant.now().plusSeconds(1);
    JsonArray after = new JsonArray();
    for (int i = 10; i < 15; i++) {
      after.add(exposure("sc-x" + i, control.get(i), "control", stopped));
      after.add(exposure("sb-x" + i, bold.get(i), "bold", stopped));
    }
    // three counted units convert after the stop: not credited
    after.add(purchase("sc-s4", control.get(4), stopped));
    after.add(purchase("sc-s5", control.get(5), stopped));
    after.add(purchase("sb-s6", bold.get(6), stopped));
    server.postEvents(after);
    awaitFold();

    JsonObject report =
        server.admin(GET, "/api/v1/experiments/stopping/report", null).bodyAsJsonObject();
    assertEquals("stopped", report.getString("status"));
    JsonArray variants = report.getJsonArray("variants");
    assertEquals(10, variants.getJsonObject(0).getLong("units"), report.encode());
    assertEquals(10, variants.getJsonObject(1).getLong("units"));
    JsonObject purchase = metric(report, "purchase");
    assertEquals(4, purchase.getJsonArray("variants").getJsonObject(0).getLong("conversions"));
    assertEquals(6, purchase.getJsonArray("variants").getJsonObject(1).getLong("conversions"));
    JsonObject health = report.getJsonObject("health");
    assertEquals(13, health.getLong("afterStop"), health.encode());
    assertEquals(13, health.getLong("excludedEvents"), health.encode());
    assertEquals(0, health.getLong("beforeStart"));
    assertEquals(0, health.getLong("implausibleVariant"));
    assertEquals(20, health.getLong("unitsInStatistics"));
  }

  static JsonObject exposure(String id, String unit, String variant, Instant at) {
    return new JsonObject()
        .put("id", id)
        .put("type", "exposure")
        .put("unitId", unit)
        .put("experiment", "stopping")
        .put("variant", variant)
        .put("timestamp", at.toString());
  }

  static JsonObject purchase(String id, String unit, Instant at) {
    return new JsonObject()
        .put("id", id)
        .put("type", "conversion")
        .put("unitId", unit)
        .put("metric", "purchase")
        .put("timestamp", at.toString());
  }

  static void awaitFold() throws InterruptedException {
    RollupReader reader = new RollupReader(server.server().services().pool());
    long deadline = System.currentTimeMillis() + 60_000;
    while (reader.pendingInbox().await() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
  }

  @Test
  void theCsvPrintsEachMetricsUnitAndDirection() {
    String csv = server.admin(GET, "/api/v1/experiments/tenninety/report.csv", null).bodyAsString();
    String header = csv.lines().findFirst().orElseThrow();
    assertTrue(header.contains("unit") && header.contains("direction"), header);
    assertTrue(csv.lines().anyMatch(l -> l.startsWith("time_on_page,") && l.contains(",s,")), csv);
  }

  /** The tagged lines of semantics_reference.py.out. */
  static Map<String, double[]> reference() throws IOException {
    Map<String, double[]> values = new HashMap<>();
    try (InputStream in =
        ReportSemanticsIT.class.getResourceAsStream("/stats/semantics_reference.py.out")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.trim().split("\\s+");
        double[] v = new double[f.length - 1];
        for (int i = 1; i < f.length; i++) {
          v[i - 1] = Double.parseDouble(f[i]);
        }
        values.put(f[0], v);
      }
    }
    return values;
  }
}
