package dev.moments.server.report;

import static dev.moments.server.report.Fixtures.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.experiment.Funnel;
import dev.moments.server.experiment.StatsSettings;
import dev.moments.server.experiment.Status;
import dev.moments.server.stats.Correction;
import dev.moments.server.stats.GroupSequentialDesign;
import dev.moments.server.stats.Spending;
import dev.moments.server.stats.TestMethod;
import dev.moments.server.store.SequentialLooks;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Trust: a group-sequential look, once taken, stays as taken. Units that arrive after a look for
 * its day (a client timestamp up to 7 days back) land in that day's cells; the look keeps the
 * observation it was taken on, and the next look reads them in its cumulative data.
 */
class RecordedLooksTest {

  private static final ExperimentSpec SPEC =
      new ExperimentSpec(
          "looks",
          Status.RUNNING,
          "fmot.looks",
          "FMOT",
          List.of(new VariantSpec("control", 50), new VariantSpec("bold", 50)),
          "control",
          List.of(Fixtures.primary("signup")),
          Funnel.NONE,
          new StatsSettings(
              0.05,
              0.8,
              0.2,
              TestMethod.GROUP_SEQUENTIAL,
              Spending.OBRIEN_FLEMING,
              Correction.HOLM,
              0.10,
              null),
          START);

  /** Two days of 800 units an arm, control converting 80 a day, bold 96. */
  private static Fixtures.Rows twoDays() {
    Fixtures.Rows rows = new Fixtures.Rows();
    for (int d = 0; d < 2; d++) {
      rows.units("control", d, 800).conversions("signup", "control", d, 80);
      rows.units("bold", d, 800).conversions("signup", "bold", d, 96);
    }
    return rows;
  }

  private static Instant morningOf(int day) {
    return START.plusDays(day).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(300);
  }

  private static JsonObject report(Fixtures.Rows rows, int today, LookBook book) {
    LocalDate day = START.plusDays(today);
    return ReportBuilder.build(
        ReportInput.of(SPEC, rows.list(), day).at(morningOf(today)).withLooks(book));
  }

  private static JsonObject sequential(JsonObject report) {
    return report
        .getJsonArray("metrics")
        .getJsonObject(0)
        .getJsonArray("comparisons")
        .getJsonObject(0)
        .getJsonObject("sequential");
  }

  @Test
  void aLookTakenStaysAsTakenAndLateUnitsEnterTheNextLook() {
    LookBook first = new LookBook(List.of(), morningOf(2));
    JsonObject before = sequential(report(twoDays(), 2, first));
    List<SequentialLooks.Look> taken = first.taken();
    assertEquals(2, taken.size(), "days 0 and 1 are looks");
    assertEquals(START.plusDays(1), taken.get(1).day());
    JsonArray looksThen = before.getJsonArray("looks");
    assertEquals(2, looksThen.size());

    // 400 bold units converting 300 dated day 0 arrive on day 2, after the looks
    Fixtures.Rows late = twoDays();
    late.units("bold", 0, 400).conversions("signup", "bold", 0, 300);
    // the defect: read from the cumulative cells alone, both past looks move
    JsonObject moved = sequential(report(late, 2, null));
    assertNotEquals(before.getDouble("z"), moved.getDouble("z"));

    JsonObject sameDay = sequential(report(late, 2, new LookBook(taken, morningOf(2))));
    assertEquals(before.getDouble("z"), sameDay.getDouble("z"));
    assertEquals(before.getDouble("zBoundary"), sameDay.getDouble("zBoundary"));
    assertEquals(before.getDouble("informationFraction"), sameDay.getDouble("informationFraction"));
    assertEquals(before.getBoolean("final"), sameDay.getBoolean("final"));
    assertEquals(before.getInteger("look"), sameDay.getInteger("look"));

    LookBook third = new LookBook(taken, morningOf(3));
    JsonObject next = sequential(report(late, 3, third));
    JsonArray looks = next.getJsonArray("looks");
    assertEquals(3, looks.size());
    for (int k = 0; k < 2; k++) {
      assertEquals(looksThen.getJsonObject(k), looks.getJsonObject(k), "look " + (k + 1));
    }
    assertEquals(1, third.taken().size(), "only day 2 is a new look");
    JsonObject look3 = looks.getJsonObject(2);
    assertEquals(2 * 1600 + 400, look3.getLong("units"), "the late units are in look 3");
    double planned = taken.get(0).units() / taken.get(0).informationFraction();
    double[] t = {
      taken.get(0).informationFraction(), taken.get(1).informationFraction(), 3600 / planned
    };
    assertEquals(
        GroupSequentialDesign.boundaries(t, 0.05, Spending.OBRIEN_FLEMING).z(2),
        look3.getDouble("zBoundary"),
        1e-9);
    assertTrue(next.getBoolean("final"), "bold's 300 late conversions cross at look 3");
    assertEquals(3, next.getInteger("decidedAtLook"));
    assertFalse(before.getBoolean("final"), "no crossing at the looks taken before they came");
  }
}
