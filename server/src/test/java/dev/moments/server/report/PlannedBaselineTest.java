package dev.moments.server.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.moments.server.experiment.StatsSettings;
import dev.moments.server.stats.Correction;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * A baseline planned with the experiment fixes the plan (and N*), whatever the control shows so
 * far.
 */
class PlannedBaselineTest {
  private static JsonObject decision(StatsSettings stats, long controlConversions) {
    Fixtures.Rows rows =
        new Fixtures.Rows()
            .binomial("signup", "control", 2000, controlConversions)
            .binomial("signup", "bold", 2000, 60);
    return ReportBuilder.build(
            ReportInput.of(
                Fixtures.spec(stats, Fixtures.primary("signup")),
                rows.list(),
                Fixtures.START.plusDays(3)))
        .getJsonObject("decision");
  }

  @Test
  void thePlanFollowsThePlannedBaselineNotTheData() {
    StatsSettings planned = new StatsSettings(0.05, 0.8, 0.25, true, Correction.HOLM, 0.023, null);
    // R: power.prop.test(p1 = 0.023, p2 = 0.023 * 1.25, power = 0.8) gives n = 11966.14
    assertEquals(11967, decision(planned, 40).getLong("plannedUnitsPerVariant"));
    assertEquals(11967, decision(planned, 90).getLong("plannedUnitsPerVariant"));
    assertEquals(false, decision(planned, 40).getBoolean("plannedFromObservedBaseline"));
  }

  @Test
  void withoutAPlannedBaselineThePlanMovesWithTheObservedControl() {
    StatsSettings observed = new StatsSettings(0.05, 0.8, 0.25, true, Correction.HOLM);
    assertNotEquals(
        decision(observed, 40).getLong("plannedUnitsPerVariant"),
        decision(observed, 90).getLong("plannedUnitsPerVariant"));
  }
}
