package dev.moments.server.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.experiment.Status;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.BanditEstimator;
import dev.moments.server.stats.SampleStats;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: a sticky experiment whose weights went from 50/50 to 10/90 after a week, while the
 * baseline doubled (10 % to 20 %), the arms equal on every day (stats/changing_split_reference.py,
 * its counts in stats/changing_split_units.csv). Each unit converts, or not, on the day of its
 * first exposure, so the fold's overall rows and its cohort rows are the same rows here.
 */
class ChangingSplitReportTest {
  static final Instant START = Fixtures.START.atStartOfDay(ZoneOffset.UTC).toInstant();
  static final Instant CHANGED = START.plus(Duration.ofDays(7));
  static final LocalDate TODAY = Fixtures.START.plusDays(13);
  static final Instant NOW = START.plus(Duration.ofDays(14));

  static final ExperimentSpec SPEC = spec(Fixtures.primary("signup"));

  /** The experiment at today's weights (10/90) with these metrics. */
  static ExperimentSpec spec(MetricSpec... metrics) {
    return new ExperimentSpec(
        "hero-2026-11",
        Status.RUNNING,
        "fmot.landing-hero",
        "FMOT",
        List.of(new VariantSpec("control", 10), new VariantSpec("bold", 90)),
        "control",
        List.of(metrics),
        null,
        Fixtures.sequential(0.1),
        Fixtures.START);
  }

  static final WeightPeriods PERIODS =
      WeightPeriods.of(
          START,
          List.of(new WeightPeriods.Replaced(CHANGED, Map.of("control", 50.0, "bold", 50.0))),
          Map.of("control", 10.0, "bold", 90.0));

  /** The report with today's weights only: what main reads. */
  @Test
  void todaysWeightsAloneCallTheChangedSplitBrokenAndThePooledLiftLarge() {
    JsonObject report = ReportBuilder.build(ReportInput.of(SPEC, rows(), TODAY).at(NOW));
    assertFalse(report.getJsonObject("health").getBoolean("srmOk"));
    assertEquals(0, report.getJsonObject("srm").getDouble("pValue"), 1e-12);
    assertEquals("srm", report.getJsonObject("decision").getString("outcome"));
  }

  @Test
  void theSplitIsCheckedAgainstEachPeriodsWeights() {
    JsonObject report = withPeriods();
    assertTrue(report.getJsonObject("health").getBoolean("srmOk"));
    assertClose(0.0156918934051, report.getJsonObject("srm").getDouble("pValue"), 1e-6);
    JsonArray variants = report.getJsonArray("variants");
    assertEquals(0.3, variants.getJsonObject(0).getDouble("expectedShare"), 1e-12);
    assertEquals(0.7, variants.getJsonObject(1).getDouble("expectedShare"), 1e-12);
  }

  @Test
  void eachArmIsEstimatedByItsPeriodsWithThePooledMeanBeside() {
    JsonObject split = withPeriods().getJsonObject("changingSplit");
    assertEquals("inverse-probability", split.getString("estimator"));
    assertEquals("exposure_day", split.getString("granularity"));
    assertEquals(2, split.getJsonArray("periods").size());
    assertEquals(
        0.5,
        split.getJsonArray("periods").getJsonObject(0).getJsonObject("weights").getDouble("bold"));
    JsonObject metric = split.getJsonArray("metrics").getJsonObject(0);
    assertEquals("signup", metric.getString("metric"));
    JsonObject control = metric.getJsonArray("variants").getJsonObject(0);
    JsonObject bold = metric.getJsonArray("variants").getJsonObject(1);
    assertClose(0.153925467668, control.getDouble("mean"), 1e-6);
    assertClose(0.00831403030192, control.getDouble("standardError"), 1e-6);
    assertClose(0.116244777587, control.getDouble("pooledMean"), 1e-6);
    assertClose(0.150283155743, bold.getDouble("mean"), 1e-6);
    assertClose(0.0035780071782, bold.getDouble("standardError"), 1e-6);
    assertClose(0.166045715437, bold.getDouble("pooledMean"), 1e-6);
    JsonObject lift = metric.getJsonArray("comparisons").getJsonObject(0);
    assertEquals("bold", lift.getString("variant"));
    assertClose(-0.0236628283805, lift.getDouble("relativeLift"), 1e-6);
    assertClose(-0.136617624426, lift.getJsonArray("ci").getDouble(0), 1e-6);
    assertClose(0.0892919676652, lift.getJsonArray("ci").getDouble(1), 1e-6);
    assertClose(0.687382637174, lift.getDouble("pValue"), 1e-6);
    assertClose(0.428414410383, lift.getDouble("pooledRelativeLift"), 1e-6);
  }

  /** The pooled lift (+43 %) is significant, the weighted one (-2 %) is not: no winner. */
  @Test
  void aWinnerThePeriodWeightedLiftDoesNotConfirmIsWithheld() {
    JsonObject report = withPeriods();
    JsonObject pooled = report.getJsonArray("metrics").getJsonObject(0);
    assertTrue(pooled.getJsonArray("comparisons").getJsonObject(0).getBoolean("significant"));
    JsonObject decision = report.getJsonObject("decision");
    assertEquals("keep_running", decision.getString("outcome"));
    assertNull(decision.getString("winner"));
    assertTrue(decision.getString("reason").contains("+43% pooled"), decision.getString("reason"));
  }

  @Test
  void aSplitThatNeverChangedReportsAsBefore() {
    WeightPeriods same =
        WeightPeriods.of(
            START,
            List.of(new WeightPeriods.Replaced(CHANGED, Map.of("control", 1.0, "bold", 9.0))),
            Map.of("control", 10.0, "bold", 90.0));
    assertFalse(same.changed());
    JsonObject report =
        ReportBuilder.build(
            ReportInput.of(SPEC, rows(), TODAY)
                .at(NOW)
                .withSplit(new ChangingSplitInput(same, rows(), NOW)));
    assertFalse(report.containsKey("changingSplit"));
    assertEquals(
        ReportBuilder.build(ReportInput.of(SPEC, rows(), TODAY).at(NOW)).encode(), report.encode());
  }

  /** A weight change at noon: that day expects the mix of both periods' shares, half each. */
  @Test
  void aDayCutByAChangeExpectsTheMixOfItsPeriods() {
    WeightPeriods noon =
        WeightPeriods.of(
            START,
            List.of(
                new WeightPeriods.Replaced(
                    CHANGED.plus(Duration.ofHours(12)), Map.of("control", 50.0, "bold", 50.0))),
            Map.of("control", 10.0, "bold", 90.0));
    double[] shares = noon.sharesOn(Fixtures.START.plusDays(7), NOW, List.of("control", "bold"));
    assertEquals(0.3, shares[0], 1e-12);
    assertEquals(0.7, shares[1], 1e-12);
    double[] before = noon.sharesOn(Fixtures.START.minusDays(1), NOW, List.of("control", "bold"));
    assertEquals(0.5, before[0], 1e-12);
  }

  /** A bandit: the best arm's probability from the weighted posteriors, never a winner. */
  @Test
  void aBanditNamesTheBestArmWithItsProbability() {
    List<RollupRow> rows = rows();
    JsonObject report =
        ReportBuilder.build(
            ReportInput.of(SPEC, rows, TODAY)
                .at(NOW)
                .withSplit(new ChangingSplitInput(PERIODS, rows, NOW, true)));
    JsonObject bandit = report.getJsonObject("changingSplit").getJsonObject("bandit");
    assertEquals("exact", bandit.getString("method"));
    assertEquals("control", bandit.getString("bestArm"));
    assertClose(0.343691318587, bandit.getJsonObject("probabilities").getDouble("bold"), 1e-6);
    assertClose(1 - 0.343691318587, bandit.getDouble("probabilityBest"), 1e-6);
    JsonObject decision = report.getJsonObject("decision");
    assertEquals("keep_running", decision.getString("outcome"));
    assertNull(decision.getString("winner"));
    assertEquals("control", decision.getString("bestArm"));
    assertClose(1 - 0.343691318587, decision.getDouble("probabilityBest"), 1e-6);
    assertTrue(
        decision
            .getString("reason")
            .contains("Control is the best arm on signup with probability 66%"),
        decision.getString("reason"));
    assertFalse(decision.getString("reason").contains("beats"), decision.getString("reason"));
  }

  /** Three arms: 10,000 seeded draws, within 3 Monte Carlo standard errors of the integral. */
  @Test
  void threeArmsAreReadFromSeededDraws() {
    List<ChangingSplit.Arm> arms = new ArrayList<>();
    double[] means = {0.023, 0.026, 0.029};
    for (int i = 0; i < means.length; i++) {
      arms.add(
          new ChangingSplit.Arm(
              "v" + i, new BanditEstimator.ArmEstimate(means[i], 0.002, 1000, null), means[i]));
    }
    BanditReading reading =
        BanditReading.of(
            new ChangingSplit.Figures(Fixtures.primary("signup"), arms, Map.of(), 0.05));
    assertEquals("monte_carlo", reading.method());
    double[] expected = {0.00983432017002, 0.141700969596, 0.848464710234};
    for (int i = 0; i < 3; i++) {
      assertEquals(expected[i], reading.probabilities()[i], 0.015, "v" + i);
    }
    assertEquals("v2", reading.json().getString("bestArm"));
    assertArrayEquals(
        reading.probabilities(),
        BanditReading.of(
                new ChangingSplit.Figures(Fixtures.primary("signup"), arms, Map.of(), 0.05))
            .probabilities());
  }

  static JsonObject withPeriods() {
    List<RollupRow> rows = rows();
    return ReportBuilder.build(
        ReportInput.of(SPEC, rows, TODAY)
            .at(NOW)
            .withSplit(new ChangingSplitInput(PERIODS, rows, NOW)));
  }

  /** $units and signup rows per day and arm from the CSV. */
  static List<RollupRow> rows() {
    List<RollupRow> rows = new ArrayList<>();
    String[] lines = resource("stats/changing_split_units.csv").split("\n");
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].trim().split(",");
      LocalDate day = Fixtures.START.plusDays(Integer.parseInt(f[0]));
      long units = Long.parseLong(f[2]);
      long conversions = Long.parseLong(f[3]);
      rows.add(new RollupRow(RollupRow.UNITS, f[1], day, "", "", SampleStats.units(units)));
      rows.add(
          new RollupRow(
              "signup",
              f[1],
              day,
              "",
              "",
              new SampleStats(0, conversions, conversions, conversions)));
    }
    return rows;
  }

  static void assertClose(double expected, double actual, double relative) {
    assertEquals(expected, actual, Math.abs(expected) * relative, "expected " + expected);
  }

  private static String resource(String path) {
    try (InputStream in =
        ChangingSplitReportTest.class.getClassLoader().getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
