package dev.moments.server.report;

import static dev.moments.server.report.Fixtures.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.experiment.Funnel;
import dev.moments.server.experiment.StatsSettings;
import dev.moments.server.experiment.Status;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.Close;
import dev.moments.server.stats.MetricType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportBuilderTest {

  /** SciPy prints 12 significant digits: 1e-6 relative. */
  private static final double REFERENCE = 1e-6;

  private static JsonObject twoArmReport(StatsSettings stats) {
    List<RollupRow> rows =
        new Fixtures.Rows()
            .binomial("signup", "control", 10000, 230)
            .binomial("signup", "bold", 10000, 290)
            .count(RollupRow.MULTIPLE, "bold", 0, 3)
            .count(RollupRow.FORCED, "control", 1, 120)
            .list();
    return ReportBuilder.build(
        ReportInput.of(Fixtures.spec(stats, Fixtures.primary("signup")), rows, START.plusDays(4)));
  }

  @Test
  void carriesEveryContractField() {
    JsonObject report = twoArmReport(Fixtures.fixed(0.25));
    assertTrue(
        report
            .fieldNames()
            .containsAll(
                Set.of(
                    "experiment",
                    "status",
                    "moment",
                    "stage",
                    "variants",
                    "srm",
                    "metrics",
                    "funnel",
                    "timeline",
                    "health",
                    "decision")),
        report.fieldNames().toString());
    assertEquals("hero-2026-11", report.getString("experiment"));
    assertEquals("running", report.getString("status"));
    assertEquals("fmot.landing-hero", report.getString("moment"));
    assertEquals("FMOT", report.getString("stage"));
    JsonObject control = report.getJsonArray("variants").getJsonObject(0);
    assertEquals(
        new JsonObject()
            .put("key", "control")
            .put("units", 10000L)
            .put("expectedShare", 0.5)
            .put("observedShare", 0.5),
        control);
    assertEquals(new JsonObject().put("ok", true).put("pValue", 1.0), report.getJsonObject("srm"));
    JsonObject health = report.getJsonObject("health");
    assertEquals(3, health.getLong("multipleExposures"));
    assertEquals(120, health.getLong("forcedExposures"));
    assertEquals(1.0, health.getDouble("srmPValue"));
    assertFalse(report.containsKey("segments"));
  }

  /** lift_reference.py line 49 (binomial-2): 230/10000 vs 290/10000, fixed horizon. */
  @Test
  void primaryMetricMatchesScipy() {
    JsonObject metric = twoArmReport(Fixtures.fixed(0.25)).getJsonArray("metrics").getJsonObject(0);
    assertEquals("primary", metric.getString("role"));
    assertEquals("binomial", metric.getString("type"));
    assertEquals("holm", metric.getString("adjustment"));
    assertEquals(
        new JsonObject()
            .put("key", "control")
            .put("units", 10000L)
            .put("conversions", 230L)
            .put("mean", 0.023),
        metric.getJsonArray("variants").getJsonObject(0));
    JsonObject c = metric.getJsonArray("comparisons").getJsonObject(0);
    assertEquals("bold", c.getString("variant"));
    assertEquals("control", c.getString("control"));
    Close.relative(0.006, c.getDouble("absoluteLift"), 1e-9, "absoluteLift");
    Close.relative(0.260869565217, c.getDouble("relativeLift"), REFERENCE, "relativeLift");
    Close.relative(0.045472261191, c.getJsonArray("ci").getDouble(0), REFERENCE, "ci low");
    Close.relative(0.476266869244, c.getJsonArray("ci").getDouble(1), REFERENCE, "ci high");
    Close.relative(
        0.00158959296084, c.getJsonArray("absoluteCi").getDouble(0), REFERENCE, "absolute ci low");
    Close.relative(0.0176120113047, c.getDouble("pValue"), REFERENCE, "pValue");
    Close.relative(
        0.0176120113047, c.getDouble("adjustedPValue"), REFERENCE, "adjustedPValue (one test)");
    Close.relative(0.99119874749, c.getDouble("chanceToBeat"), REFERENCE, "chanceToBeat");
    assertTrue(c.getBoolean("significant"));
  }

  @Test
  void timelineRunsFromStartToTodayWithCumulativeUnits() {
    JsonArray timeline = twoArmReport(Fixtures.fixed(0.25)).getJsonArray("timeline");
    assertEquals(5, timeline.size());
    assertEquals("2026-11-01", timeline.getJsonObject(0).getString("date"));
    assertEquals("2026-11-05", timeline.getJsonObject(4).getString("date"));
    JsonObject firstDay = timeline.getJsonObject(0);
    assertEquals(5000, firstDay.getLong("controlUnits"));
    assertEquals(5000, firstDay.getJsonArray("variants").getJsonObject(0).getLong("units"));
    JsonObject lastDay = timeline.getJsonObject(4).getJsonArray("variants").getJsonObject(0);
    assertEquals("bold", lastDay.getString("key"));
    assertEquals(10000, lastDay.getLong("units"));
    Close.relative(0.260869565217, lastDay.getDouble("relativeLift"), REFERENCE, "relativeLift");
    Close.relative(0.476266869244, lastDay.getJsonArray("ci").getDouble(1), REFERENCE, "ci high");
  }

  /**
   * Planned sample 11,042 per variant (reference.R line 31) gives N* = 22,084; the final
   * always-valid interval is lift_reference.py line 52 (sequential-binomial-2). An early strong day
   * keeps the p-value's running minimum low.
   */
  @Test
  void sequentialIntervalIsAlwaysValidAndPValueIsARunningMinimum() {
    List<RollupRow> rows =
        new Fixtures.Rows()
            .units("control", 0, 5000)
            .units("bold", 0, 5000)
            .conversions("signup", "control", 0, 100)
            .conversions("signup", "bold", 0, 180)
            .units("control", 3, 5000)
            .units("bold", 3, 5000)
            .conversions("signup", "control", 3, 130)
            .conversions("signup", "bold", 3, 110)
            .list();
    ExperimentSpec spec =
        Fixtures.spec(Fixtures.sequential(0.029 / 0.023 - 1), Fixtures.primary("signup"));
    JsonObject report = ReportBuilder.build(ReportInput.of(spec, rows, START.plusDays(5)));
    assertEquals(22084, report.getJsonObject("decision").getLong("plannedTotalUnits"));
    JsonObject c =
        report
            .getJsonArray("metrics")
            .getJsonObject(0)
            .getJsonArray("comparisons")
            .getJsonObject(0);
    Close.relative(-0.0728148707316, c.getJsonArray("ci").getDouble(0), REFERENCE, "ci low");
    Close.relative(0.594554001166, c.getJsonArray("ci").getDouble(1), REFERENCE, "ci high");
    double previous = 1;
    double minimum = 1;
    for (Object day : report.getJsonArray("timeline")) {
      double p = ((JsonObject) day).getJsonArray("variants").getJsonObject(0).getDouble("pValue");
      assertTrue(p <= previous, "running minimum never rises");
      previous = p;
      minimum = Math.min(minimum, p);
    }
    assertTrue(
        c.getDouble("pValue") < 0.241182204651, "the early look was stronger than today's p");
    assertEquals(minimum, c.getDouble("pValue"));
  }

  /**
   * lift_reference.py line 46 (mean-brief) on a mean primary metric; the standard deviations are
   * 3.9 and 6.2.
   */
  @Test
  void meanMetricsCarrySumAndStddev() {
    List<RollupRow> rows =
        new Fixtures.Rows()
            .units("control", 0, 3407)
            .units("bold", 0, 3461)
            .values("revenue", "control", 0, 900, 1396.87, 52377.9767)
            .values("revenue", "bold", 0, 1000, 2422.7, 134698.29)
            .list();
    ExperimentSpec spec =
        Fixtures.spec(
            Fixtures.fixed(0.1), new MetricSpec("revenue", MetricType.MEAN, MetricRole.PRIMARY));
    JsonObject metric =
        ReportBuilder.build(ReportInput.of(spec, rows, START))
            .getJsonArray("metrics")
            .getJsonObject(0);
    JsonObject control = metric.getJsonArray("variants").getJsonObject(0);
    assertEquals("mean", metric.getString("type"));
    assertEquals(900, control.getLong("conversions"));
    Close.relative(1396.87, control.getDouble("sum"), 1e-12, "sum");
    Close.relative(0.41, control.getDouble("mean"), 1e-12, "mean");
    Close.relative(3.9, control.getDouble("stddev"), 1e-9, "stddev");
    JsonObject c = metric.getJsonArray("comparisons").getJsonObject(0);
    Close.relative(0.707317073171, c.getDouble("relativeLift"), REFERENCE, "relativeLift");
    Close.relative(-0.0352600890661, c.getJsonArray("ci").getDouble(0), REFERENCE, "ci low");
    Close.relative(0.0619118274562, c.getDouble("pValue"), REFERENCE, "pValue");
  }

  @Test
  void holmAdjustsThePrimaryOnlyAndLabelsTheOthers() {
    ExperimentSpec spec =
        new ExperimentSpec(
            "x",
            Status.RUNNING,
            "m",
            "FMOT",
            List.of(
                new VariantSpec("control", 1), new VariantSpec("a", 1), new VariantSpec("b", 1)),
            "control",
            List.of(
                Fixtures.primary("signup"),
                Fixtures.secondary("purchase", MetricType.BINOMIAL),
                Fixtures.guardrail("refund")),
            Funnel.NONE,
            Fixtures.fixed(0.1),
            START);
    Fixtures.Rows rows = new Fixtures.Rows();
    long[] signups = {200, 250, 235};
    String[] keys = {"control", "a", "b"};
    for (int i = 0; i < 3; i++) {
      rows.units(keys[i], 0, 5000)
          .conversions("signup", keys[i], 0, signups[i])
          .conversions("purchase", keys[i], 0, signups[i] / 2)
          .conversions("refund", keys[i], 0, 10);
    }
    JsonArray metrics =
        ReportBuilder.build(ReportInput.of(spec, rows.list(), START)).getJsonArray("metrics");
    JsonArray primary = metrics.getJsonObject(0).getJsonArray("comparisons");
    double pA = primary.getJsonObject(0).getDouble("pValue");
    double pB = primary.getJsonObject(1).getDouble("pValue");
    assertTrue(pA < pB);
    Close.relative(
        2 * pA, primary.getJsonObject(0).getDouble("adjustedPValue"), 1e-12, "holm smallest");
    Close.relative(
        Math.max(2 * pA, pB),
        primary.getJsonObject(1).getDouble("adjustedPValue"),
        1e-12,
        "holm largest");
    for (int m = 1; m < 3; m++) {
      JsonObject metric = metrics.getJsonObject(m);
      assertEquals("none", metric.getString("adjustment"));
      JsonObject c = metric.getJsonArray("comparisons").getJsonObject(0);
      assertEquals(c.getDouble("pValue"), c.getDouble("adjustedPValue"));
    }
    assertEquals(
        List.of("primary", "secondary", "guardrail"),
        metrics.stream().map(m -> ((JsonObject) m).getString("role")).toList());
  }

  @Test
  void degenerateDataGivesErrorCodesNeverNaN() {
    List<RollupRow> rows =
        new Fixtures.Rows()
            .units("control", 0, 500)
            .units("bold", 0, 510)
            .conversions("signup", "bold", 0, 4)
            .list();
    JsonObject report =
        ReportBuilder.build(
            ReportInput.of(
                Fixtures.spec(Fixtures.sequential(0.1), Fixtures.primary("signup")),
                rows,
                START.plusDays(2)));
    JsonObject c =
        report
            .getJsonArray("metrics")
            .getJsonObject(0)
            .getJsonArray("comparisons")
            .getJsonObject(0);
    assertEquals("zero_control_mean", c.getString("error"));
    assertFalse(c.containsKey("relativeLift"));
    assertFalse(c.getBoolean("significant"));
    assertEquals(
        "zero_control_mean",
        report
            .getJsonArray("timeline")
            .getJsonObject(0)
            .getJsonArray("variants")
            .getJsonObject(0)
            .getString("error"));
    JsonObject decision = report.getJsonObject("decision");
    assertEquals("keep_running", decision.getString("outcome"));
    assertFalse(decision.getBoolean("plannedFromObservedBaseline"));
    assertEquals(Plan.FALLBACK_TOTAL_UNITS, decision.getLong("plannedTotalUnits"));
    assertNoNonFiniteNumbers(report);
  }

  @Test
  void draftWithoutRowsStillAnswers() {
    ExperimentSpec draft =
        new ExperimentSpec(
            "x",
            Status.DRAFT,
            "m",
            "FMOT",
            List.of(new VariantSpec("control", 50), new VariantSpec("bold", 50)),
            "control",
            List.of(Fixtures.primary("signup"), Fixtures.secondary("revenue", MetricType.MEAN)),
            Funnel.NONE,
            Fixtures.sequential(0.1),
            null);
    JsonObject report =
        ReportBuilder.build(ReportInput.of(draft, List.of(), START).withSegment("device"));
    assertEquals(new JsonArray(), report.getJsonArray("timeline"));
    assertEquals(
        new JsonObject().put("ok", true).put("error", "no_units"), report.getJsonObject("srm"));
    assertEquals(
        "no_units",
        report
            .getJsonArray("metrics")
            .getJsonObject(1)
            .getJsonArray("variants")
            .getJsonObject(0)
            .getString("error"));
    assertEquals(
        "too_few_units",
        report
            .getJsonArray("metrics")
            .getJsonObject(0)
            .getJsonArray("comparisons")
            .getJsonObject(0)
            .getString("error"));
    assertEquals("keep_running", report.getJsonObject("decision").getString("outcome"));
    assertNull(report.getJsonObject("decision").getValue("daysLeft"));
    assertEquals(new JsonArray(), report.getJsonArray("segments"));
    assertNoNonFiniteNumbers(report);
  }

  static void assertNoNonFiniteNumbers(JsonObject report) {
    String json = report.encode();
    assertFalse(json.contains("NaN") || json.contains("Infinity"), json);
  }
}
