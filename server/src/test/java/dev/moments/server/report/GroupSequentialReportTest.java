package dev.moments.server.report;

import static dev.moments.server.report.Fixtures.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.experiment.Funnel;
import dev.moments.server.experiment.StatsSettings;
import dev.moments.server.experiment.Status;
import dev.moments.server.stats.Boundaries;
import dev.moments.server.stats.Correction;
import dev.moments.server.stats.GroupSequentialDesign;
import dev.moments.server.stats.PowerCalculator;
import dev.moments.server.stats.Spending;
import dev.moments.server.stats.TestMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report's group-sequential fields against an independent computation: the log ratio and its
 * delta-method standard error written out from the counts here, the plan from {@link
 * PowerCalculator} and the boundaries from {@link GroupSequentialDesign} called directly with the
 * information fractions worked out here.
 */
class GroupSequentialReportTest {

  private static final double TOLERANCE = 1e-9;
  private static final double BASELINE = 0.10;
  private static final double MDE = 0.2;

  private static StatsSettings groupSequential(Spending spending) {
    return new StatsSettings(
        0.05, 0.8, MDE, TestMethod.GROUP_SEQUENTIAL, spending, Correction.HOLM, BASELINE, null);
  }

  /** Units per arm in the plan: the fixed test's, times the inflation factor for 30 looks. */
  private static long plannedPerArm(double alpha, Spending spending) {
    PowerCalculator.SampleSize fixed = PowerCalculator.binomial(BASELINE, MDE, alpha, 0.8);
    double inflation = PowerCalculator.inflationFactor(spending, 30, alpha, 0.8);
    return (long) Math.ceil(fixed.exactUnitsPerVariant() * inflation);
  }

  /** Every day: {@code units} units per arm, control converting 80 of 800, others as given. */
  private static Fixtures.Rows daily(int days, String[] variants, long[] conversions) {
    Fixtures.Rows rows = new Fixtures.Rows();
    for (int d = 0; d < days; d++) {
      for (int v = 0; v < variants.length; v++) {
        rows.units(variants[v], d, 800).conversions("signup", variants[v], d, conversions[v]);
      }
    }
    return rows;
  }

  private static ExperimentSpec spec(StatsSettings stats, List<VariantSpec> variants) {
    return new ExperimentSpec(
        "hero-2026-11",
        Status.RUNNING,
        "fmot.landing-hero",
        "FMOT",
        variants,
        "control",
        List.of(Fixtures.primary("signup"), Fixtures.guardrail("refund")),
        Funnel.NONE,
        stats,
        START);
  }

  private static ExperimentSpec twoArms(StatsSettings stats) {
    return spec(stats, List.of(new VariantSpec("control", 50), new VariantSpec("bold", 50)));
  }

  /** The independent reading of the looks: z and t at the end of each day, then the design. */
  private record Looks(double[] t, double[] z, double[] logRatio, double[] se, Boundaries b) {
    static Looks of(
        int days,
        long perDay,
        long controlPerDay,
        long treatmentPerDay,
        double planned,
        double alpha,
        Spending spending) {
      double[] t = new double[days];
      double[] z = new double[days];
      double[] log = new double[days];
      double[] se = new double[days];
      for (int d = 0; d < days; d++) {
        double n = perDay * (d + 1.0);
        double pC = controlPerDay * (d + 1.0) / n;
        double pT = treatmentPerDay * (d + 1.0) / n;
        // delta method on log(pT / pC): var = (1 - pT) / (n pT) + (1 - pC) / (n pC)
        se[d] = Math.sqrt((1 - pT) / (n * pT) + (1 - pC) / (n * pC));
        log[d] = Math.log(pT / pC);
        z[d] = log[d] / se[d];
        t[d] = Math.min(1, 2 * n / planned);
      }
      return new Looks(t, z, log, se, GroupSequentialDesign.boundaries(t, alpha, spending));
    }

    int firstCrossing() {
      for (int k = 0; k < z.length; k++) {
        if (Math.abs(z[k]) >= b.z(k)) {
          return k + 1;
        }
      }
      return 0;
    }
  }

  private static JsonObject comparison(JsonObject report, int metric) {
    return report
        .getJsonArray("metrics")
        .getJsonObject(metric)
        .getJsonArray("comparisons")
        .getJsonObject(0);
  }

  private static void assertLook(JsonObject sequential, Looks looks, int look) {
    int k = look - 1;
    assertEquals("group_sequential", sequential.getString("method"));
    assertEquals(look, sequential.getInteger("look"));
    assertEquals(looks.t()[k], sequential.getDouble("informationFraction"), TOLERANCE);
    assertEquals(looks.b().z(k), sequential.getDouble("zBoundary"), TOLERANCE);
    assertEquals(looks.b().alphaSpent(k), sequential.getDouble("alphaSpent"), TOLERANCE);
    assertEquals(looks.z()[k], sequential.getDouble("z"), 1e-9);
  }

  @Test
  void aCrossingAtALookIsAFinalWinnerWithTheRepeatedIntervalOfTheLatestLook() {
    double planned = 2.0 * plannedPerArm(0.05, Spending.OBRIEN_FLEMING);
    JsonObject report =
        ReportBuilder.build(
            ReportInput.of(
                twoArms(groupSequential(Spending.OBRIEN_FLEMING)),
                daily(6, new String[] {"control", "bold"}, new long[] {80, 104}).list(),
                START.plusDays(5)));
    // days 0..4 are complete (looks); day 5 is today, live
    Looks looks = Looks.of(5, 800, 80, 104, planned, 0.05, Spending.OBRIEN_FLEMING);
    int crossing = looks.firstCrossing();
    assertTrue(crossing > 1 && crossing < 5, "the data are built to cross mid-way: " + crossing);
    JsonObject c = comparison(report, 0);
    JsonObject sequential = c.getJsonObject("sequential");
    assertLook(sequential, looks, 5);
    assertTrue(sequential.getBoolean("final"));
    assertEquals(crossing, sequential.getInteger("decidedAtLook"));
    assertTrue(c.getBoolean("significant"));
    assertTrue(c.getBoolean("preliminary"), "today's data are after the latest look");
    assertFalse(c.containsKey("pValue"), "no fixed-horizon p-value under a sequential design");
    double half = looks.b().z(4) * looks.se()[4];
    JsonArray ci = c.getJsonArray("ci");
    assertEquals(Math.expm1(looks.logRatio()[4] - half), ci.getDouble(0), 1e-9);
    assertEquals(Math.expm1(looks.logRatio()[4] + half), ci.getDouble(1), 1e-9);
    JsonObject decision = report.getJsonObject("decision");
    assertEquals("winner", decision.getString("outcome"));
    assertEquals("bold", decision.getString("winner"));
    assertEquals(planned, decision.getLong("plannedTotalUnits"), 0.0);
    assertEquals("group_sequential", report.getJsonObject("stats").getString("method"));
  }

  @Test
  void betweenLooksTheLiveFiguresArePreliminaryAndTheDecisionIsTheLatestLooks() {
    double planned = 2.0 * plannedPerArm(0.05, Spending.OBRIEN_FLEMING);
    // three days of data, today is day 2: the looks are days 0 and 1 only
    JsonObject report =
        ReportBuilder.build(
            ReportInput.of(
                twoArms(groupSequential(Spending.OBRIEN_FLEMING)),
                daily(3, new String[] {"control", "bold"}, new long[] {80, 104}).list(),
                START.plusDays(2)));
    Looks looks = Looks.of(2, 800, 80, 104, planned, 0.05, Spending.OBRIEN_FLEMING);
    assertEquals(0, looks.firstCrossing(), "no crossing at the two looks");
    Looks withToday = Looks.of(3, 800, 80, 104, planned, 0.05, Spending.OBRIEN_FLEMING);
    assertEquals(3, withToday.firstCrossing(), "today's data alone would cross: not a look yet");
    JsonObject c = comparison(report, 0);
    assertLook(c.getJsonObject("sequential"), looks, 2);
    assertFalse(c.getJsonObject("sequential").getBoolean("final"));
    assertFalse(c.getBoolean("significant"));
    assertTrue(c.getBoolean("preliminary"));
    assertEquals("keep_running", report.getJsonObject("decision").getString("outcome"));
    // the timeline draws each look's boundary; today is no look
    JsonArray timeline = report.getJsonArray("timeline");
    assertEquals(3, timeline.size());
    JsonObject day1 = timeline.getJsonObject(1).getJsonArray("variants").getJsonObject(0);
    assertEquals(looks.b().z(1), day1.getDouble("zBoundary"), TOLERANCE);
    assertEquals(looks.z()[1], day1.getDouble("z"), 1e-9);
    JsonObject today = timeline.getJsonObject(2).getJsonArray("variants").getJsonObject(0);
    assertFalse(today.containsKey("zBoundary"));
    assertFalse(today.containsKey("ci"), "no fixed-horizon interval to peek at");
  }

  private static JsonObject reportAt(Fixtures.Rows rows, LocalDate today, Instant completeAt) {
    return ReportBuilder.build(
        ReportInput.of(twoArms(groupSequential(Spending.OBRIEN_FLEMING)), rows.list(), today)
            .at(completeAt));
  }

  /**
   * Trust: a look is taken on complete data. The report's clock says day 2 is over, but the fold
   * has all events only up to noon on day 2 (the rest wait in the inbox): day 2 is no look yet, the
   * latest look is day 1's. Once the fold has caught up the same day is look 3: a lagging fold
   * neither takes a look on half a day nor skips one or counts one twice.
   */
  @Test
  void aDayTheFoldHasOnlyPartlyIsNoLookUntilItIsComplete() {
    double planned = 2.0 * plannedPerArm(0.05, Spending.OBRIEN_FLEMING);
    Fixtures.Rows partial = daily(2, new String[] {"control", "bold"}, new long[] {80, 104});
    partial.units("control", 2, 400).conversions("signup", "control", 2, 40);
    partial.units("bold", 2, 400).conversions("signup", "bold", 2, 80);
    Instant noonOfDay2 =
        START.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(43_200);
    JsonObject lagging = reportAt(partial, START.plusDays(3), noonOfDay2);
    Looks twoLooks = Looks.of(2, 800, 80, 104, planned, 0.05, Spending.OBRIEN_FLEMING);
    JsonObject c = comparison(lagging, 0);
    assertLook(c.getJsonObject("sequential"), twoLooks, 2);
    assertTrue(c.getBoolean("preliminary"), "day 2's partial data are after the latest look");
    JsonObject day2 =
        lagging.getJsonArray("timeline").getJsonObject(2).getJsonArray("variants").getJsonObject(0);
    assertFalse(day2.containsKey("zBoundary"), "no boundary drawn on a day not yet complete");
    // a fold more than a day behind: only day 0 is complete
    Instant morningOfDay1 = START.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    assertLook(
        comparison(reportAt(partial, START.plusDays(3), morningOfDay1.plusSeconds(600)), 0)
            .getJsonObject("sequential"),
        Looks.of(1, 800, 80, 104, planned, 0.05, Spending.OBRIEN_FLEMING),
        1);

    Fixtures.Rows complete = daily(3, new String[] {"control", "bold"}, new long[] {80, 104});
    Instant caughtUp = START.plusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(300);
    Looks threeLooks = Looks.of(3, 800, 80, 104, planned, 0.05, Spending.OBRIEN_FLEMING);
    assertLook(
        comparison(reportAt(complete, START.plusDays(3), caughtUp), 0).getJsonObject("sequential"),
        threeLooks,
        3);
  }

  @Test
  void reachingThePlanWithoutACrossingIsAFinalNoDifference() {
    double planned = 2.0 * plannedPerArm(0.05, Spending.POCOCK);
    int days = (int) Math.ceil(planned / 1600) + 2;
    JsonObject report =
        ReportBuilder.build(
            ReportInput.of(
                twoArms(groupSequential(Spending.POCOCK)),
                daily(days, new String[] {"control", "bold"}, new long[] {80, 81}).list(),
                START.plusDays(days)));
    int lastLook = (int) Math.ceil(planned / 1600);
    Looks looks = Looks.of(lastLook, 800, 80, 81, planned, 0.05, Spending.POCOCK);
    assertEquals(1.0, looks.t()[lastLook - 1]);
    assertEquals(0, looks.firstCrossing());
    JsonObject sequential = comparison(report, 0).getJsonObject("sequential");
    assertLook(sequential, looks, lastLook);
    assertTrue(sequential.getBoolean("final"));
    assertEquals("no_difference", report.getJsonObject("decision").getString("outcome"));
    assertEquals("pocock", report.getJsonObject("stats").getString("spending"));
  }

  @Test
  void aGuardrailCrossingTheBadWayBlocksTheWinner() {
    Fixtures.Rows rows = daily(6, new String[] {"control", "bold"}, new long[] {80, 104});
    for (int d = 0; d < 6; d++) {
      rows.conversions("refund", "control", d, 20).conversions("refund", "bold", d, 40);
    }
    JsonObject report =
        ReportBuilder.build(
            ReportInput.of(
                twoArms(groupSequential(Spending.OBRIEN_FLEMING)), rows.list(), START.plusDays(5)));
    JsonObject refund = comparison(report, 1);
    assertTrue(refund.getBoolean("significant"));
    assertEquals(false, refund.getBoolean("improvement"));
    assertEquals("guardrail_harm", report.getJsonObject("decision").getString("outcome"));
  }

  @Test
  void withTwoTreatmentsUnderHolmEachComparisonsDesignRunsAtHalfTheAlpha() {
    double alpha = 0.025;
    double planned = 2.0 * plannedPerArm(alpha, Spending.OBRIEN_FLEMING);
    ExperimentSpec spec =
        spec(
            groupSequential(Spending.OBRIEN_FLEMING),
            List.of(
                new VariantSpec("control", 1),
                new VariantSpec("bold", 1),
                new VariantSpec("calm", 1)));
    JsonObject report =
        ReportBuilder.build(
            ReportInput.of(
                spec,
                daily(4, new String[] {"control", "bold", "calm"}, new long[] {80, 90, 82}).list(),
                START.plusDays(4)));
    Looks looks = Looks.of(4, 800, 80, 90, planned, alpha, Spending.OBRIEN_FLEMING);
    assertLook(comparison(report, 0).getJsonObject("sequential"), looks, 4);
    assertEquals(alpha, report.getJsonObject("stats").getDouble("comparisonAlpha"), 0.0);
    assertEquals(
        3 * planned / 2, report.getJsonObject("decision").getLong("plannedTotalUnits"), 0.0);
  }

  @Test
  void withoutABaselineNoLookIsTakenOnTheFallbackPlan() {
    StatsSettings noBaseline =
        new StatsSettings(
            0.05,
            0.8,
            MDE,
            TestMethod.GROUP_SEQUENTIAL,
            Spending.OBRIEN_FLEMING,
            Correction.HOLM,
            null,
            null);
    // the control's rate x (1 + mde) is no rate: no plan, and the fallback's 5,000 units are passed
    JsonObject report =
        ReportBuilder.build(
            ReportInput.of(
                twoArms(noBaseline),
                daily(4, new String[] {"control", "bold"}, new long[] {790, 700}).list(),
                START.plusDays(4)));
    JsonObject sequential = comparison(report, 0).getJsonObject("sequential");
    assertEquals(0, sequential.getInteger("look"));
    assertEquals("no_plan_yet", sequential.getString("error"));
    assertEquals("keep_running", report.getJsonObject("decision").getString("outcome"));
  }
}
