package dev.moments.server.report;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.HashedUnits;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CUPED through the real server: the units of {@code stats/cuped_report_units.csv} are sent as
 * events (conversions dated up to 20 days before the exposure, the exposure with its context, the
 * outcomes after it), folded by the worker, and the report's adjusted lift, interval and p-value,
 * its unadjusted figures and variance reduction equal R's {@code lm()}-based reference on the same
 * unit-level data ({@code cuped_report_reference.R}) to 1e-6.
 */
class CupedReportIT {
  private static final double TOLERANCE = 1e-6;
  static RunningServer server;
  static Map<String, Map<String, Double>> reference;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    reference = reference();
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.cuped", "FMOT"));
    JsonObject experiment =
        Fixtures.experiment("cuped", "fmot.cuped")
            .putNull("targeting")
            .put("trafficPercent", 100)
            .put("primaryMetric", new JsonObject().put("key", "revenue").put("type", "mean"))
            .put("secondaryMetrics", new JsonArray())
            .put("guardrailMetrics", new JsonArray())
            .put(
                "stats",
                new JsonObject()
                    .put("method", "fixed")
                    .put("varianceReduction", "cuped")
                    .put("lookbackDays", 14));
    var created = server.admin(POST, "/api/v1/experiments", experiment);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    server.admin(POST, "/api/v1/experiments/cuped/start", null);
    JsonObject stored = server.admin(GET, "/api/v1/experiments/cuped", null).bodyAsJsonObject();
    List<String[]> units = units();
    long control = units.stream().filter(u -> u[0].equals("A")).count();
    List<String> controlIds = HashedUnits.in(stored, "control", (int) control, "cu-a-");
    List<String> boldIds = HashedUnits.in(stored, "bold", units.size() - (int) control, "cu-b-");
    Instant exposedAt = Instant.now();
    JsonArray events = new JsonArray();
    int a = 0;
    int b = 0;
    for (String[] u : units) {
      boolean isControl = u[0].equals("A");
      String id = isControl ? controlIds.get(a++) : boldIds.get(b++);
      addUnit(events, id, isControl ? "control" : "bold", u, exposedAt);
    }
    for (int i = 0; i < events.size(); i += 1000) {
      JsonArray chunk =
          new JsonArray(events.getList().subList(i, Math.min(events.size(), i + 1000)));
      var sent = server.admin(POST, "/api/v1/events", new JsonObject().put("events", chunk));
      assertEquals(202, sent.statusCode(), sent.bodyAsString());
    }
    server.awaitFolded();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Exposure with its context, pre-period conversions (and decoys), then the outcomes. */
  private static void addUnit(
      JsonArray events, String unit, String variant, String[] u, Instant exposedAt) {
    JsonObject attributes = new JsonObject();
    String[] names = {"device", "channel", "intent"};
    for (int i = 0; i < names.length; i++) {
      if (!u[1 + i].isEmpty()) {
        attributes.put(names[i], u[1 + i]);
      }
    }
    attributes.put("returning", Boolean.parseBoolean(u[4]));
    events.add(
        new JsonObject()
            .put("id", "x-" + unit)
            .put("type", "exposure")
            .put("unitId", unit)
            .put("experiment", "cuped")
            .put("variant", variant)
            .put("timestamp", exposedAt.toString())
            .put("attributes", attributes));
    int k = 0;
    for (String pair : u[5].isEmpty() ? new String[0] : u[5].split(";")) {
      String[] dv = pair.split(":");
      int daysBefore = Integer.parseInt(dv[0]);
      Instant at =
          daysBefore == 0
              ? exposedAt.minusSeconds(1)
              : exposedAt.minus(Duration.ofDays(daysBefore)).plusSeconds(k);
      if (daysBefore == 0 && !day(at).equals(day(exposedAt))) {
        continue; // the exposure day's decoy would fall on the day before just after midnight
      }
      events.add(conversion("p" + k++ + "-" + unit, unit, Double.parseDouble(dv[1]), at));
    }
    int j = 0;
    for (String value : u[6].isEmpty() ? new String[0] : u[6].split(";")) {
      events.add(
          conversion(
              "y" + j + "-" + unit,
              unit,
              Double.parseDouble(value),
              exposedAt.plusSeconds(1 + j++)));
    }
  }

  private static LocalDate day(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC);
  }

  private static JsonObject conversion(String id, String unit, double value, Instant at) {
    return new JsonObject()
        .put("id", id)
        .put("type", "conversion")
        .put("unitId", unit)
        .put("metric", "revenue")
        .put("value", value)
        .put("timestamp", at.toString());
  }

  private static JsonObject comparison() {
    JsonObject report =
        server.admin(GET, "/api/v1/experiments/cuped/report", null).bodyAsJsonObject();
    assertEquals("cuped", report.getJsonObject("stats").getString("varianceReduction"));
    return report
        .getJsonArray("metrics")
        .getJsonObject(0)
        .getJsonArray("comparisons")
        .getJsonObject(0);
  }

  @Test
  void theAdjustedFiguresEqualLmOnTheSameUnits() {
    JsonObject c = comparison();
    Map<String, Double> adjusted = reference.get("adjusted");
    assertEquals(adjusted.get("relativeLift"), c.getDouble("relativeLift"), TOLERANCE, c::encode);
    assertEquals(adjusted.get("absoluteLift"), c.getDouble("absoluteLift"), TOLERANCE);
    assertEquals(adjusted.get("ciLow"), c.getJsonArray("ci").getDouble(0), TOLERANCE);
    assertEquals(adjusted.get("ciHigh"), c.getJsonArray("ci").getDouble(1), TOLERANCE);
    assertEquals(adjusted.get("pValue"), c.getDouble("pValue"), TOLERANCE);
    assertEquals(
        reference.get("varianceReduction").get("value"),
        c.getDouble("varianceReduction"),
        TOLERANCE);
  }

  @Test
  void theUnadjustedFiguresAreBesideThem() {
    JsonObject u = comparison().getJsonObject("unadjusted");
    Map<String, Double> unadjusted = reference.get("unadjusted");
    assertEquals(unadjusted.get("relativeLift"), u.getDouble("relativeLift"), TOLERANCE);
    assertEquals(unadjusted.get("ciLow"), u.getJsonArray("ci").getDouble(0), TOLERANCE);
    assertEquals(unadjusted.get("ciHigh"), u.getJsonArray("ci").getDouble(1), TOLERANCE);
    assertEquals(unadjusted.get("pValue"), u.getDouble("pValue"), TOLERANCE);
  }

  @Test
  void varianceReductionIsFixedOnceStartedAndValidated() {
    var locked =
        server.admin(
            PATCH,
            "/api/v1/experiments/cuped",
            new JsonObject().put("stats", new JsonObject().put("varianceReduction", "none")));
    assertEquals(409, locked.statusCode(), locked.bodyAsString());
    JsonObject bad = Fixtures.experiment("cuped-bad", "fmot.cuped").putNull("targeting");
    bad.getJsonObject("stats").put("lookbackDays", 91);
    var refused = server.admin(POST, "/api/v1/experiments", bad);
    assertEquals(400, refused.statusCode(), refused.bodyAsString());
    assertEquals(
        "stats.lookbackDays", refused.bodyAsJsonObject().getJsonObject("error").getString("field"));
    assertEquals(404, server.admin(GET, "/api/v1/experiments/cuped-bad", null).statusCode());
    JsonObject defaults = Fixtures.experiment("cuped-default", "fmot.cuped").putNull("targeting");
    defaults.remove("stats");
    assertEquals(201, server.admin(POST, "/api/v1/experiments", defaults).statusCode());
    JsonObject stats =
        server
            .admin(GET, "/api/v1/experiments/cuped-default", null)
            .bodyAsJsonObject()
            .getJsonObject("stats");
    assertEquals("cuped", stats.getString("varianceReduction"));
    assertEquals(14, stats.getInteger("lookbackDays"));
  }

  @Test
  void powerTakesAnExpectedVarianceReductionAndKeepsTheInflation() {
    String query = "/api/v1/power?baseline=0.1&mde=0.1";
    JsonObject plain = server.admin(GET, query, null).bodyAsJsonObject();
    JsonObject reduced =
        server.admin(GET, query + "&varianceReduction=0.3", null).bodyAsJsonObject();
    assertEquals(0.3, reduced.getDouble("varianceReduction"));
    assertEquals(plain.getDouble("inflationFactor"), reduced.getDouble("inflationFactor"));
    assertEquals(
        plain.getDouble("exactUnitsPerVariant") * 0.7,
        reduced.getDouble("exactUnitsPerVariant"),
        1e-6);
    var refused = server.admin(GET, query + "&varianceReduction=0.95", null);
    assertEquals(400, refused.statusCode(), refused.bodyAsString());
    assertEquals(
        "varianceReduction", refused.bodyAsJsonObject().getJsonObject("error").getString("field"));
  }

  /** Lines "label key value key value ..." of cuped_report_reference.R.out. */
  private static Map<String, Map<String, Double>> reference() {
    Map<String, Map<String, Double>> out = new HashMap<>();
    for (String line : resource("stats/cuped_report_reference.R.out").split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f[0].equals("units")) {
        continue;
      }
      Map<String, Double> values = new HashMap<>();
      if (f.length == 2) {
        values.put("value", Double.parseDouble(f[1]));
      } else {
        for (int i = 1; i + 1 < f.length; i += 2) {
          values.put(f[i], Double.parseDouble(f[i + 1]));
        }
      }
      out.put(f[0], values);
    }
    return out;
  }

  /** The CSV's rows without the header: arm, device, channel, intent, returning, pre, post. */
  private static List<String[]> units() {
    List<String[]> rows = new ArrayList<>();
    String[] lines = resource("stats/cuped_report_units.csv").split("\n");
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].trim().split(",", -1);
      for (int k = 0; k < f.length; k++) {
        f[k] = f[k].replace("\"", "");
      }
      rows.add(f);
    }
    return rows;
  }

  private static String resource(String path) {
    try (InputStream in = CupedReportIT.class.getClassLoader().getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
