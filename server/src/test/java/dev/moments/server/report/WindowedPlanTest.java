package dev.moments.server.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moments.server.experiment.Metric;
import dev.moments.server.experiment.MetricWindow;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Trust defect: the plan's baseline for a windowed primary metric was the control's rate over all
 * its units, the maturing ones (not yet able to convert inside their window) included, so it read
 * low and planned too many units. Day 0's 2,000 control units convert at 10 %; day 10's 2,000 are
 * still inside their 7-day window. The plan is R's for p = 0.10 (stats/windowed_plan_reference.R),
 * not for 0.05.
 */
class WindowedPlanTest {
  @Test
  void aWindowedPrimaryPlansFromItsMaturedUnitsOnly() {
    Metric purchase =
        Metric.binomial("purchase").withWindow(new MetricWindow(Duration.ZERO, Duration.ofDays(7)));
    ExperimentSpec spec =
        Fixtures.spec(Fixtures.fixed(0.25), new MetricSpec(purchase, MetricRole.PRIMARY));
    Fixtures.Rows rows = new Fixtures.Rows();
    for (String variant : new String[] {"control", "bold"}) {
      rows.units(variant, 0, 2000).conversions("purchase", variant, 0, 200);
      rows.units(variant, 10, 2000);
    }
    LocalDate today = Fixtures.START.plusDays(11);
    JsonObject report =
        ReportBuilder.build(
            ReportInput.of(spec, rows.list(), today)
                .at(today.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600)));
    // power.prop.test(p1 = 0.1, p2 = 0.125, power = 0.8)$n = 2506.538 (0.05: 5332.135)
    assertEquals(2507, report.getJsonObject("decision").getLong("plannedUnitsPerVariant"));
    JsonObject control =
        report.getJsonArray("metrics").getJsonObject(0).getJsonArray("variants").getJsonObject(0);
    assertEquals(2000, control.getLong("maturingUnits"));
  }
}
