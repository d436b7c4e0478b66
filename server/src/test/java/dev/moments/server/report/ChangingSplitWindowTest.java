package dev.moments.server.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moments.server.experiment.Metric;
import dev.moments.server.experiment.MetricWindow;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.SampleStats;
import dev.moments.server.store.BanditUpdates;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: a windowed metric in {@code changingSplit} leaves maturing units out, as the
 * fixed-split report does. ChangingSplitReportTest's two weeks (50/50, then 10/90) with signup
 * counted over 7 days from the first exposure: at the report's clock (the end of day 13) the units
 * of days 0 to 6 have closed windows and those of days 7 to 13 are maturing, so each arm's weighted
 * signup rate is that of the first week's units alone (one period at 50/50: their pooled rate),
 * read by exposure day or by update period alike.
 */
class ChangingSplitWindowTest {
  static final ExperimentSpec SPEC =
      ChangingSplitReportTest.spec(
          new MetricSpec(
              Metric.binomial("signup")
                  .withWindow(new MetricWindow(Duration.ZERO, Duration.ofDays(7))),
              MetricRole.PRIMARY));

  @Test
  void byExposureDayTheMaturingUnitsAreLeftOut() {
    assertFirstWeekOnly(
        new ChangingSplitInput(
            ChangingSplitReportTest.PERIODS,
            ChangingSplitReportTest.rows(),
            ChangingSplitReportTest.NOW));
  }

  @Test
  void byUpdatePeriodTheMaturingUnitsAreLeftOut() {
    WeightPeriods periods =
        WeightPeriods.of(
            List.of(
                new BanditUpdates.WeightPeriod(
                    ChangingSplitReportTest.START,
                    Map.of("control", 0.5, "bold", 0.5),
                    null,
                    null,
                    0),
                new BanditUpdates.WeightPeriod(
                    ChangingSplitReportTest.CHANGED,
                    Map.of("control", 0.1, "bold", 0.9),
                    null,
                    null,
                    1)));
    List<RollupRow> byPeriod = new ArrayList<>();
    for (RollupRow r : ChangingSplitReportTest.rows()) {
      String period = r.day().isBefore(Fixtures.START.plusDays(7)) ? "0" : "1";
      byPeriod.add(
          new RollupRow(r.metric(), r.variant(), r.day(), RollupRow.PERIOD, period, r.stats()));
    }
    ChangingSplitInput in =
        new ChangingSplitInput(
            periods, ChangingSplitReportTest.rows(), ChangingSplitReportTest.NOW, false, byPeriod);
    assertEquals(
        "update_period",
        report(in).getJsonObject("changingSplit").getString("granularity"),
        "every unit has its period");
    assertFirstWeekOnly(in);
  }

  private static void assertFirstWeekOnly(ChangingSplitInput in) {
    JsonObject signup =
        report(in).getJsonObject("changingSplit").getJsonArray("metrics").getJsonObject(0);
    for (int i = 0; i < 2; i++) {
      JsonObject arm = signup.getJsonArray("variants").getJsonObject(i);
      SampleStats firstWeek = SampleStats.EMPTY;
      long units = 0;
      for (RollupRow r : ChangingSplitReportTest.rows()) {
        if (r.variant().equals(arm.getString("key"))
            && r.day().isBefore(Fixtures.START.plusDays(7))) {
          if (r.metric().equals(RollupRow.UNITS)) {
            units += r.stats().n();
          } else {
            firstWeek = firstWeek.plus(r.stats());
          }
        }
      }
      assertEquals(units, arm.getLong("units"), arm.encode());
      assertEquals(firstWeek.sum() / units, arm.getDouble("mean"), 1e-12, arm.encode());
    }
  }

  private static JsonObject report(ChangingSplitInput in) {
    return ReportBuilder.build(
        ReportInput.of(SPEC, ChangingSplitReportTest.rows(), ChangingSplitReportTest.TODAY)
            .at(ChangingSplitReportTest.NOW)
            .withSplit(in));
  }
}
