package dev.moments.server.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.SampleStats;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Trust: a landing experiment whose split changed, read by the ad that brought its visitors ({@code
 * ?segment=ad:<ad experiment>}). The arms are equal on every day; the split went from 50/50 at a 10
 * % baseline to 10/90 at 20 % ({@link ChangingSplitReportTest#PERIODS}). Ad "a" brought visitors in
 * the first period only, ad "b" in both: its pooled cells read the second period's baseline into
 * bold (+41 %), ad "a"'s do not (0 %), and the pooled interaction test calls the best landing page
 * ad-dependent (p far below alpha). The report used to say so (and the dashboard: "match each ad
 * with its own landing page"); segments have no period-weighted figures, so under a changing split
 * the message match keeps its cells and makes no call.
 */
class ChangingSplitMessageMatchTest {
  static final String AD = "search-ad";
  static final ReportBuilder.AdSegment SEGMENT = new ReportBuilder.AdSegment(AD, List.of("a", "b"));

  @Test
  void thePooledCellsOfTheseAdsShowAnInteractionThatIsNotThere() {
    JsonObject match = report(false).getJsonObject("messageMatch");
    assertTrue(match.getJsonObject("interaction").getBoolean("significant"), match.encode());
  }

  @Test
  void underAChangingSplitTheMessageMatchMakesNoCall() {
    JsonObject report = report(true);
    assertTrue(report.containsKey("changingSplit"));
    JsonObject match = report.getJsonObject("messageMatch");
    JsonObject interaction = match.getJsonObject("interaction");
    assertEquals("changing_split", interaction.getString("error"), match.encode());
    assertFalse(interaction.containsKey("significant"));
    assertFalse(interaction.containsKey("pValue"));
    assertTrue(match.getJsonArray("bestLanding").isEmpty(), match.encode());
    assertEquals(4, match.getJsonArray("cells").size(), "the pooled cells stay, for reading");
    assertNull(report.getJsonObject("decision").getString("winner"));
  }

  /** The report split by the ad; with {@code changing}, told of the weight periods. */
  private static JsonObject report(boolean changing) {
    ReportInput in =
        ReportInput.of(ChangingSplitReportTest.SPEC, rows(), ChangingSplitReportTest.TODAY)
            .at(ChangingSplitReportTest.NOW)
            .withAd(SEGMENT);
    return ReportBuilder.build(
        changing
            ? in.withSplit(
                new ChangingSplitInput(
                    ChangingSplitReportTest.PERIODS, rows(), ChangingSplitReportTest.NOW))
            : in);
  }

  /** Per day: control and bold units and conversions, overall and by ad. */
  static List<RollupRow> rows() {
    LocalDate first = ChangingSplitReportTest.TODAY.minusDays(13);
    LocalDate changed = first.plusDays(7);
    List<RollupRow> rows = new ArrayList<>();
    // ad a, first period only: 50/50 at 10 %
    arm(rows, "a", first, "control", 5000, 500);
    arm(rows, "a", first, "bold", 5000, 500);
    // ad b, both periods: 50/50 at 10 %, then 10/90 at 20 %
    arm(rows, "b", first, "control", 5000, 500);
    arm(rows, "b", first, "bold", 5000, 500);
    arm(rows, "b", changed, "control", 1000, 200);
    arm(rows, "b", changed, "bold", 9000, 1800);
    return rows;
  }

  /** The arm's rows under the ad, and the same added to the overall rows. */
  private static void arm(
      List<RollupRow> rows, String ad, LocalDate day, String variant, long units, long signups) {
    for (String[] segment : new String[][] {{"", ""}, {RollupRow.AD_SEGMENT_PREFIX + AD, ad}}) {
      rows.add(
          new RollupRow(
              RollupRow.UNITS, variant, day, segment[0], segment[1], SampleStats.units(units)));
      rows.add(
          new RollupRow(
              "signup",
              variant,
              day,
              segment[0],
              segment[1],
              new SampleStats(0, signups, signups, signups)));
    }
  }
}
