package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15.6, the ad path end to end: an ad experiment on a ZMOT moment (variants of kind ad, the
 * ad platform rotates them), signed ad landing links, ad-click exposures counted in the ad
 * experiment, the server's sticky answer for later visits, and the landing experiment's report
 * split by the ad variant with the message-match table and its interaction test (checked against R:
 * {@code message_match_reference.R}, case ad_path_it).
 */
class AdPathIT {
  /** Conversions per (ad variant, landing variant) of 60 units each: the ad decides the winner. */
  private static final long[][] CONVERSIONS = {{18, 9}, {6, 21}};

  private static final String[] ADS = {"a", "b"};
  private static final String[] LANDINGS = {"control", "match"};
  static RunningServer server;
  static String clientKey;
  static String serverKey;
  static JsonObject searchAd;
  static JsonObject landing;
  static String sigA;
  static String sigB;
  private static int nextId;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    clientKey = server.newKey("client");
    serverKey = server.newKey("server");
    server.admin(POST, "/api/v1/moments", Fixtures.moment("zmot.search-ad", "ZMOT"));
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.landing", "FMOT"));
    JsonObject ad = Fixtures.experiment("search-ad", "zmot.search-ad").putNull("targeting");
    ad.put("trafficPercent", 100)
        .put(
            "variants",
            new JsonArray()
                .add(variant("a", "ad", "Try it free"))
                .add(variant("b", "ad", "Ship faster")))
        .put("control", "a");
    searchAd = created(ad);
    landing =
        created(
            Fixtures.experiment("landing", "fmot.landing")
                .putNull("targeting")
                .put("trafficPercent", 100)
                .put(
                    "variants",
                    new JsonArray()
                        .add(variant("control", "landing_page", "Experiments for teams"))
                        .add(variant("match", "landing_page", "Ship faster"))));
    server.admin(POST, "/api/v1/experiments/search-ad/start", null);
    server.admin(POST, "/api/v1/experiments/landing/start", null);
    sigA = server.signedLink("search-ad", "ad", "a").getString("sig");
    sigB = server.signedLink("search-ad", "ad", "b").getString("sig");
    clicks();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject variant(String key, String kind, String headline) {
    return new JsonObject()
        .put("key", key)
        .put("weight", 50)
        .put("kind", kind)
        .put("payload", new JsonObject().put("headline", headline));
  }

  private static JsonObject created(JsonObject experiment) {
    HttpResponse<Buffer> r = server.admin(POST, "/api/v1/experiments", experiment);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static JsonObject event(String type, String unit) {
    return new JsonObject().put("id", "ad-e-" + nextId++).put("type", type).put("unitId", unit);
  }

  /**
   * 60 units per (ad, landing) cell: each clicks its ad (an ad-click exposure with the link's
   * signature, as the JS SDK sends it), sees the landing variant its hash gives, and the first
   * CONVERSIONS[ad][landing] of them sign up. Four units a request, from the client key.
   */
  private static void clicks() {
    for (int i = 0; i < ADS.length; i++) {
      for (int j = 0; j < LANDINGS.length; j++) {
        List<String> units =
            HashedUnits.in(landing, LANDINGS[j], 60, "click-" + ADS[i] + "-" + LANDINGS[j] + "-");
        for (int k = 0; k < units.size(); k += 4) {
          JsonArray events = new JsonArray();
          for (int u = k; u < k + 4; u++) {
            String unit = units.get(u);
            events.add(
                event("exposure", unit)
                    .put("experiment", "search-ad")
                    .put("variant", ADS[i])
                    .put("source", "ad")
                    .put(
                        "attributes",
                        new JsonObject()
                            .put("ad", "search-ad:" + ADS[i])
                            .put("sig", i == 0 ? sigA : sigB)));
            events.add(
                event("exposure", unit).put("experiment", "landing").put("variant", LANDINGS[j]));
            if (u < CONVERSIONS[i][j]) {
              events.add(event("conversion", unit).put("metric", "signup"));
            }
          }
          HttpResponse<Buffer> r =
              server.call(
                  POST, "/api/v1/events", clientKey, new JsonObject().put("events", events));
          assertEquals(202, r.statusCode(), r.bodyAsString());
          assertEquals(events.size(), r.bodyAsJsonObject().getInteger("accepted"));
        }
      }
    }
  }

  private static JsonObject report(String path) {
    server.awaitFolded();
    HttpResponse<Buffer> r = server.admin(GET, "/api/v1/experiments/" + path, null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static JsonObject byKey(JsonArray array, String field, String value) {
    return array.stream()
        .map(JsonObject.class::cast)
        .filter(o -> value.equals(o.getString(field)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + field + " " + value + " in " + array));
  }

  @Test
  void theSdkConfigSaysWhichVariantsAreAds() {
    JsonObject config = server.call(GET, "/api/v1/sdk/config", clientKey, null).bodyAsJsonObject();
    JsonObject ad = byKey(config.getJsonArray("experiments"), "key", "search-ad");
    ad.getJsonArray("variants")
        .forEach(v -> assertEquals("ad", ((JsonObject) v).getString("kind")));
    JsonObject page = byKey(config.getJsonArray("experiments"), "key", "landing");
    assertEquals("landing_page", page.getJsonArray("variants").getJsonObject(0).getString("kind"));
  }

  @Test
  void adClicksAreCountedInTheAdExperiment() {
    JsonObject report = report("search-ad/report");
    JsonArray variants = report.getJsonArray("variants");
    assertEquals(120, byKey(variants, "key", "a").getLong("units"));
    assertEquals(120, byKey(variants, "key", "b").getLong("units"));
    JsonArray signup = report.getJsonArray("metrics").getJsonObject(0).getJsonArray("variants");
    assertEquals(27, byKey(signup, "key", "a").getLong("conversions"));
    assertEquals(27, byKey(signup, "key", "b").getLong("conversions"));
    assertEquals(0, report.getJsonObject("health").getLong("excludedEvents"));
  }

  @Test
  void theLandingReportSplitByTheAdShowsTheMessageMatch() throws IOException {
    JsonObject report = report("landing/report?segment=ad:search-ad");
    JsonArray segments = report.getJsonArray("segments");
    assertEquals(2, segments.size(), segments.encode());
    for (int i = 0; i < ADS.length; i++) {
      JsonObject segment = byKey(segments, "value", ADS[i]);
      assertEquals("ad:search-ad", segment.getString("attribute"));
      JsonArray signup = segment.getJsonArray("metrics").getJsonObject(0).getJsonArray("variants");
      for (int j = 0; j < LANDINGS.length; j++) {
        assertEquals(
            60,
            byKey(segment.getJsonArray("variants"), "key", LANDINGS[j]).getLong("units"),
            ADS[i] + " × " + LANDINGS[j]);
        assertEquals(CONVERSIONS[i][j], byKey(signup, "key", LANDINGS[j]).getLong("conversions"));
      }
    }
    JsonObject match = report.getJsonObject("messageMatch");
    assertEquals("search-ad", match.getString("adExperiment"));
    assertEquals("signup", match.getString("metric"));
    JsonArray cells = match.getJsonArray("cells");
    assertEquals(4, cells.size());
    for (int i = 0; i < ADS.length; i++) {
      for (int j = 0; j < LANDINGS.length; j++) {
        int ad = i;
        int page = j;
        JsonObject cell =
            cells.stream()
                .map(JsonObject.class::cast)
                .filter(
                    c ->
                        c.getString("adVariant").equals(ADS[ad])
                            && c.getString("landingVariant").equals(LANDINGS[page]))
                .findFirst()
                .orElseThrow();
        assertEquals(60, cell.getLong("units"));
        assertEquals(CONVERSIONS[i][j], cell.getLong("conversions"));
        assertEquals(CONVERSIONS[i][j] / 60.0, cell.getDouble("rate"), 1e-12);
      }
    }
    assertEquals(
        "control",
        byKey(match.getJsonArray("bestLanding"), "adVariant", "a").getString("landingVariant"));
    assertEquals(
        "match",
        byKey(match.getJsonArray("bestLanding"), "adVariant", "b").getString("landingVariant"));
    JsonObject interaction = match.getJsonObject("interaction");
    String[] reference = reference("ad_path_it");
    double deviance = Double.parseDouble(reference[5]);
    double p = Double.parseDouble(reference[7]);
    assertEquals(deviance, interaction.getDouble("statistic"), 1e-6 * deviance);
    assertEquals(Integer.parseInt(reference[6]), interaction.getInteger("df"));
    assertEquals(p, interaction.getDouble("pValue"), 1e-6 * p);
    assertTrue(interaction.getBoolean("significant"));
  }

  /** The line of message_match_reference.R.out for one case, split at '|'. */
  private static String[] reference(String name) throws IOException {
    try (InputStream in =
        AdPathIT.class.getResourceAsStream("/stats/message_match_reference.R.out")) {
      assertNotNull(in);
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith(name + "|")) {
          return line.split("\\|");
        }
      }
    }
    throw new AssertionError("no reference line for " + name);
  }

  @Test
  void onlyAnAdExperimentCanSplitAReport() {
    for (String segment : List.of("ad:landing", "ad:nope", "ad:", "ad:Bad")) {
      HttpResponse<Buffer> r =
          server.admin(GET, "/api/v1/experiments/landing/report?segment=" + segment, null);
      assertEquals(400, r.statusCode(), segment + ": " + r.bodyAsString());
    }
    HttpResponse<Buffer> notAd =
        server.admin(
            POST,
            "/api/v1/experiments/landing/links",
            new JsonObject().put("kind", "ad").put("variant", "match"));
    assertEquals(400, notAd.statusCode(), notAd.bodyAsString());
    assertEquals("kind", notAd.bodyAsJsonObject().getJsonObject("error").getString("field"));
  }

  private static JsonObject assign(String key, String unit, JsonObject attributes) {
    HttpResponse<Buffer> r =
        server.call(
            POST,
            "/api/v1/assign",
            key,
            new JsonObject()
                .put("unitId", unit)
                .put("attributes", attributes)
                .put("moments", new JsonArray().add("zmot.search-ad").add("fmot.landing")));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return byKey(r.bodyAsJsonObject().getJsonArray("assignments"), "moment", "zmot.search-ad");
  }

  @Test
  void assignRecordsASignedAdClickAndKeepsTheUnitInItsAdVariantOnLaterVisits() {
    // units the hash would put in a, clicking b
    List<String> units = HashedUnits.in(searchAd, "a", 3, "assign-click-");
    JsonObject first =
        assign(
            clientKey,
            units.get(0),
            new JsonObject().put("ad", "search-ad:b").put("sig", sigB).put("device", "mobile"));
    assertEquals("b", first.getString("variant"));
    assertTrue(first.getBoolean("ad"));
    // without a signature the page still gets its ad's variant, but the click does not count
    JsonObject unsigned =
        assign(clientKey, units.get(1), new JsonObject().put("ad", "search-ad:b"));
    assertEquals("b", unsigned.getString("variant"));
    // a back end's server key needs no signature
    assign(serverKey, units.get(2), new JsonObject().put("ad", "search-ad:b"));
    server.awaitFolded();

    JsonObject later = assign(clientKey, units.get(0), new JsonObject());
    assertEquals("b", later.getString("variant"), "the server remembers the ad click");
    assertTrue(later.getBoolean("ad"));
    assertEquals("b", assign(clientKey, units.get(2), new JsonObject()).getString("variant"));
    JsonObject notRemembered = assign(clientKey, units.get(1), new JsonObject());
    assertEquals("a", notRemembered.getString("variant"), "an unsigned click is not remembered");
    assertFalse(notRemembered.getBoolean("ad", false));

    JsonObject report = report("search-ad/report");
    assertEquals(122, byKey(report.getJsonArray("variants"), "key", "b").getLong("units"));
    assertEquals(1, report.getJsonObject("health").getLong("unsignedAd"));
    assertEquals(
        new ArrayList<>(List.of(1L)),
        new ArrayList<>(
            List.of(
                server
                    .server()
                    .services()
                    .pool()
                    .query(
                        "SELECT count(*) FROM events WHERE unit_id = '"
                            + units.get(0)
                            + "' AND experiment = 'search-ad'")
                    .execute()
                    .await()
                    .iterator()
                    .next()
                    .getLong(0))),
        "the remembered answer logs no new exposure");
  }
}
