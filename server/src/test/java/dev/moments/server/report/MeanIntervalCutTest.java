package dev.moments.server.report;

import static dev.moments.server.report.Fixtures.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.SampleStats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 trust defect: a mean metric's relative interval reached below -100 % on small samples
 * (control values 1, 1, 1, 1, 46 against 2, 2, 2, 2, 2: lift -80 %, Welch t interval -130 % to -30
 * %), which no ratio of non-negative means minus 1 can be. Where no unit of either arm has a
 * negative total ({@code $negative:} rows), the interval is cut at -100 % as for rates; a metric
 * with refunds below 0 keeps the symmetric one.
 */
class MeanIntervalCutTest {

  private static List<RollupRow> rows(boolean refundBelowZero) {
    Fixtures.Rows rows =
        new Fixtures.Rows()
            .units("control", 0, 5)
            .units("bold", 0, 5)
            .values("revenue", "control", 0, 5, 50, 2120)
            .values("revenue", "bold", 0, 5, 10, 20);
    if (refundBelowZero) {
      rows.count(RollupRow.NEGATIVE_PREFIX + "revenue", "control", 0, 1);
    }
    return rows.list();
  }

  private static JsonArray ci(boolean refundBelowZero) {
    ExperimentSpec spec =
        Fixtures.spec(
            Fixtures.fixed(0.1),
            Fixtures.primary("signup"),
            Fixtures.secondary("revenue", MetricType.MEAN));
    JsonObject report =
        ReportBuilder.build(ReportInput.of(spec, rows(refundBelowZero), START.plusDays(1)));
    JsonObject revenue = report.getJsonArray("metrics").getJsonObject(1);
    assertEquals("revenue", revenue.getString("metric"));
    JsonObject c = revenue.getJsonArray("comparisons").getJsonObject(0);
    assertEquals(-0.8, c.getDouble("relativeLift"), 1e-12);
    return c.getJsonArray("ci");
  }

  @Test
  void withoutNegativeUnitTotalsTheRelativeIntervalStopsAtMinus100Percent() {
    JsonArray ci = ci(false);
    assertEquals(-1.0, ci.getDouble(0), 0.0);
    assertTrue(ci.getDouble(1) > -0.8, ci.encode());
  }

  @Test
  void aUnitBelowZeroKeepsTheSymmetricInterval() {
    JsonArray ci = ci(true);
    assertTrue(ci.getDouble(0) < -1.2, "Welch t with 4 df: about -1.30, got " + ci.encode());
    assertEquals(-0.8, (ci.getDouble(0) + ci.getDouble(1)) / 2, 1e-9);
  }

  @Test
  void theSampleIsTheOneDescribed() {
    SampleStats control = new SampleStats(5, 5, 50, 2120);
    assertEquals(405, control.variance(MetricType.MEAN), 1e-9);
  }
}
