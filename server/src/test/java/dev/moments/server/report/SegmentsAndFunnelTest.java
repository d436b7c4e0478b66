package dev.moments.server.report;

import static dev.moments.server.report.Fixtures.START;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moments.server.experiment.Funnel;
import dev.moments.server.experiment.Status;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.MetricType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentsAndFunnelTest {

  @Test
  void segmentsRepeatTheAnalysisPerValue() {
    Fixtures.Rows rows =
        new Fixtures.Rows()
            .binomial("signup", "control", 300, 30)
            .binomial("signup", "bold", 300, 45);
    for (String device : new String[] {"mobile", "desktop"}) {
      long units = device.equals("mobile") ? 200 : 100;
      rows.segment("device", device, RollupRow.UNITS, "control", 0, units, 0)
          .segment("device", device, RollupRow.UNITS, "bold", 0, units, 0)
          .segment("device", device, "signup", "control", 0, 0, units / 10)
          .segment("device", device, "signup", "bold", 0, 0, units / 5);
    }
    rows.segment("channel", "search", RollupRow.UNITS, "bold", 0, 999, 0);
    ExperimentSpec spec = Fixtures.spec(Fixtures.fixed(0.1), Fixtures.primary("signup"));
    JsonObject report =
        ReportBuilder.build(ReportInput.of(spec, rows.list(), START).withSegment("device"));
    JsonArray segments = report.getJsonArray("segments");
    assertEquals(2, segments.size());
    JsonObject desktop = segments.getJsonObject(0);
    assertEquals("device", desktop.getString("attribute"));
    assertEquals("desktop", desktop.getString("value"));
    assertEquals(100, desktop.getJsonArray("variants").getJsonObject(1).getLong("units"));
    assertEquals(true, desktop.getJsonObject("srm").getBoolean("ok"));
    JsonObject signup = desktop.getJsonArray("metrics").getJsonObject(0);
    assertEquals(20, signup.getJsonArray("variants").getJsonObject(1).getLong("conversions"));
    assertEquals(
        1.0, signup.getJsonArray("comparisons").getJsonObject(0).getDouble("relativeLift"), 1e-12);
    assertEquals(
        300,
        report.getJsonArray("variants").getJsonObject(1).getLong("units"),
        "segments stay out of the overall");
  }

  /**
   * Issue 15 item 3: the funnel is the one declared, in its order (the old rule took the primary,
   * then the binomial secondary metrics, and showed engaged and bounce as steps).
   */
  @Test
  void theFunnelIsTheDeclaredOneInItsOrder() {
    ExperimentSpec spec =
        Fixtures.spec(
            Status.RUNNING,
            new Funnel(List.of("engaged", "signup")),
            Fixtures.fixed(0.1),
            Fixtures.primary("signup"),
            Fixtures.secondary("revenue", MetricType.MEAN),
            Fixtures.secondary("engaged", MetricType.BINOMIAL),
            Fixtures.guardrail("bounce"));
    Fixtures.Rows rows =
        new Fixtures.Rows()
            .units("control", 0, 1000)
            .units("bold", 0, 1000)
            .count("$funnel:1", "control", 0, 100)
            .count("$funnel:1", "bold", 0, 120)
            .count("$funnel:2", "control", 0, 20)
            .count("$funnel:2", "bold", 1, 30)
            .count("$funnel:2", "bold", 2, -3);
    JsonArray funnel =
        ReportBuilder.build(ReportInput.of(spec, rows.list(), START)).getJsonArray("funnel");
    assertEquals(2, funnel.size());
    assertEquals("engaged", funnel.getJsonObject(0).getString("metric"));
    assertEquals("signup", funnel.getJsonObject(1).getString("metric"));
    JsonObject bold = funnel.getJsonObject(1).getJsonArray("variants").getJsonObject(1);
    assertEquals(
        new JsonObject()
            .put("key", "bold")
            .put("units", 27L)
            .put("rate", 0.027)
            .put("rateFromPrevious", 27.0 / 120),
        bold);
    JsonObject controlStep1 = funnel.getJsonObject(0).getJsonArray("variants").getJsonObject(0);
    assertEquals(0.1, controlStep1.getDouble("rate"), 1e-15);
    assertEquals(0.1, controlStep1.getDouble("rateFromPrevious"), 1e-15);
  }

  @Test
  void noDeclaredFunnelNoFunnelSteps() {
    ExperimentSpec spec =
        Fixtures.spec(
            Fixtures.fixed(0.1),
            Fixtures.primary("signup"),
            Fixtures.secondary("first_purchase", MetricType.BINOMIAL));
    Fixtures.Rows rows =
        new Fixtures.Rows()
            .units("control", 0, 1000)
            .units("bold", 0, 1000)
            .count("$funnel:1", "control", 0, 100)
            .count("$funnel:2", "control", 0, 20);
    assertEquals(
        new JsonArray(),
        ReportBuilder.build(ReportInput.of(spec, rows.list(), START)).getJsonArray("funnel"));
  }
}
