package dev.moments.server.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moments.server.experiment.Direction;
import dev.moments.server.experiment.Metric;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.SampleStats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Trust: the message match's best landing variant per ad is the best the primary metric's way. A
 * primary metric to keep low (bounces) used to name the landing variant with the most bounces.
 */
class MessageMatchTest {
  static final String AD = "ad:search-ad";

  @Test
  void theBestLandingOfAMetricToKeepLowIsTheLowest() {
    MetricSpec bounce =
        new MetricSpec(
            Metric.binomial("bounce").withDirection(Direction.DECREASE), MetricRole.PRIMARY);
    ExperimentSpec spec = Fixtures.spec(Fixtures.fixed(0.1), bounce);
    List<RollupRow> rows = new ArrayList<>();
    cell(rows, "a", "control", 100, 60);
    cell(rows, "a", "bold", 100, 30);
    cell(rows, "b", "control", 100, 20);
    cell(rows, "b", "bold", 100, 50);
    JsonArray best =
        MessageMatch.json(spec, RollupCube.slices(rows, AD), "search-ad", List.of("a", "b"), false)
            .getJsonArray("bestLanding");
    assertEquals(
        new JsonArray()
            .add(new JsonObject().put("adVariant", "a").put("landingVariant", "bold"))
            .add(new JsonObject().put("adVariant", "b").put("landingVariant", "control")),
        best);
  }

  private static void cell(
      List<RollupRow> rows, String ad, String variant, long units, long bounces) {
    rows.add(
        new RollupRow(RollupRow.UNITS, variant, Fixtures.START, AD, ad, SampleStats.units(units)));
    rows.add(
        new RollupRow(
            "bounce",
            variant,
            Fixtures.START,
            AD,
            ad,
            new SampleStats(0, bounces, bounces, bounces)));
  }
}
