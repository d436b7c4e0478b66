package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.events.Event;
import dev.moments.server.stats.SampleStats;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributionTest {
  private static final Instant DAY1 = Instant.parse("2026-11-20T09:00:00Z");
  private static final Instant DAY2 = DAY1.plusSeconds(86_400);
  private static final Instant DAY3 = DAY2.plusSeconds(86_400);
  private static final LocalDate D1 = LocalDate.of(2026, 11, 20);
  private static final LocalDate D2 = D1.plusDays(1);
  private static final LocalDate D3 = D1.plusDays(2);
  private static final List<String> FUNNEL = List.of("signup", "purchase");

  private final List<StoredEvent> events = new ArrayList<>();

  private AttributionTest expose(
      String variant, Instant at, boolean forced, JsonObject attributes) {
    events.add(
        new StoredEvent(
            events.size() + 1,
            Event.exposure("x" + events.size(), "u1", "exp", variant, at, forced, attributes)));
    return this;
  }

  private AttributionTest expose(String variant, Instant at) {
    return expose(variant, at, false, null);
  }

  private AttributionTest convert(String metric, double value, Instant at) {
    events.add(
        new StoredEvent(
            events.size() + 1,
            Event.conversion("c" + events.size(), "u1", metric, value, at, null)));
    return this;
  }

  private Map<RollupKey, SampleStats> cells() {
    return Attribution.of(events, e -> e.equals("exp") ? FUNNEL : List.of()).cells();
  }

  private static RollupKey key(String metric, String variant, LocalDate day) {
    return new RollupKey("exp", metric, variant, day, "", "");
  }

  private SampleStats overall(String metric, String variant, LocalDate day) {
    return cells().get(key(metric, variant, day));
  }

  private static void assertTally(
      SampleStats t, long units, long converted, double sum, double sumSquares) {
    assertTrue(t != null, "missing cell");
    assertEquals(units, t.n(), t.toString());
    assertEquals(converted, t.converted(), t.toString());
    assertEquals(sum, t.sum(), 1e-12, t.toString());
    assertEquals(sumSquares, t.sumSquares(), 1e-12, t.toString());
  }

  @Test
  void exposureThenConversionsDeltaEncodeTheSquaredTotal() {
    expose("bold", DAY1)
        .convert("revenue", 2, DAY1.plusSeconds(60))
        .convert("revenue", 3, DAY2)
        .convert("revenue", 1, DAY2.plusSeconds(5));
    assertTally(overall("$units", "bold", D1), 1, 0, 0, 0);
    assertTally(overall("revenue", "bold", D1), 0, 1, 2, 4);
    // cumulative total 6 at the end of day 2: 36 - 4 = 32
    assertTally(overall("revenue", "bold", D2), 0, 0, 4, 32);
  }

  @Test
  void conversionBeforeTheFirstExposureIsNotCreditedButOneAtTheSameInstantIs() {
    expose("bold", DAY2).convert("signup", 1, DAY1).convert("signup", 1, DAY2);
    assertTally(overall("signup", "bold", D2), 0, 1, 1, 1);
    assertNull(overall("signup", "bold", D1));
  }

  @Test
  void outOfOrderArrivalIsCreditedByTimestamp() {
    // the conversion was committed first (seq 1) but happened after the exposure
    convert("signup", 1, DAY2).expose("control", DAY1);
    assertTally(overall("signup", "control", D2), 0, 1, 1, 1);
    assertTally(overall("$units", "control", D1), 1, 0, 0, 0);
  }

  @Test
  void theEarliestExposureDecidesTheVariantWhateverTheArrivalOrder() {
    expose("bold", DAY2).expose("bold", DAY1, false, new JsonObject().put("device", "mobile"));
    UnitExposure standing = Attribution.of(events, e -> FUNNEL).exposures().get(0);
    assertEquals("bold", standing.variant());
    assertEquals(DAY1, standing.firstAt());
    assertFalse(standing.multiple());
    assertTally(
        cells().get(new RollupKey("exp", "$units", "bold", D1, "device", "mobile")), 1, 0, 0, 0);
    assertTally(
        cells().get(new RollupKey("exp", "$units", "bold", D1, "channel", "(none)")), 1, 0, 0, 0);
    assertNull(overall("$units", "bold", D2));
  }

  @Test
  void aUnitSeenInTwoVariantsIsCountedApartAndNotInTheStatistics() {
    expose("control", DAY1).expose("bold", DAY2).convert("signup", 1, DAY3);
    Map<RollupKey, SampleStats> cells = cells();
    assertTally(cells.get(key("$multiple", "control", D1)), 1, 0, 0, 0);
    assertNull(cells.get(key("$units", "control", D1)));
    assertNull(cells.get(key("signup", "control", D3)));
    assertTrue(Attribution.of(events, e -> FUNNEL).exposures().get(0).multiple());
  }

  @Test
  void aForcedExposureKeepsTheUnitOutOfTheStatistics() {
    expose("bold", DAY1, true, null).expose("bold", DAY2).convert("signup", 1, DAY3);
    Map<RollupKey, SampleStats> cells = cells();
    assertTally(cells.get(key("$forced", "bold", D1)), 1, 0, 0, 0);
    assertEquals(1, cells.keySet().stream().filter(k -> k.segmentAttribute().isEmpty()).count());
  }

  @Test
  void forcedTakesPrecedenceOverMultiple() {
    expose("bold", DAY1, true, null).expose("control", DAY2);
    assertTally(overall("$forced", "bold", D1), 1, 0, 0, 0);
    assertNull(overall("$multiple", "bold", D1));
  }

  @Test
  void funnelStepsCountOnTheDayAllEarlierStepsAreDone() {
    // purchase on day 2 before signup on day 3: step 2 is only complete on day 3
    expose("bold", DAY1)
        .convert("purchase", 1, DAY2)
        .convert("signup", 1, DAY3)
        .convert("signup", 1, DAY3);
    assertTally(overall("$funnel:1", "bold", D3), 1, 0, 0, 0);
    assertTally(overall("$funnel:2", "bold", D3), 1, 0, 0, 0);
    assertNull(overall("$funnel:2", "bold", D2));
  }

  @Test
  void funnelStopsAtTheFirstMissingStep() {
    expose("bold", DAY1).convert("purchase", 1, DAY2);
    assertNull(overall("$funnel:1", "bold", D2));
    assertNull(overall("$funnel:2", "bold", D2));
    assertTally(overall("purchase", "bold", D2), 0, 1, 1, 1);
  }

  @Test
  void conversionsWithoutAnyExposureContributeNothing() {
    convert("signup", 1, DAY1);
    assertTrue(cells().isEmpty());
  }

  @Test
  void segmentValuesComeFromTheFirstExposure() {
    expose("bold", DAY1, false, new JsonObject().put("device", "mobile").put("returning", true))
        .expose("bold", DAY2, false, new JsonObject().put("device", "desktop"));
    Map<RollupKey, SampleStats> cells = cells();
    assertTally(
        cells.get(new RollupKey("exp", "$units", "bold", D1, "device", "mobile")), 1, 0, 0, 0);
    assertTally(
        cells.get(new RollupKey("exp", "$units", "bold", D1, "returning", "true")), 1, 0, 0, 0);
    assertNull(cells.get(new RollupKey("exp", "$units", "bold", D1, "device", "desktop")));
    assertEquals(6, cells.size());
  }

  @Test
  void aFoldAddsTheDifferenceTheBatchMakes() {
    expose("bold", DAY1).convert("revenue", 2, DAY2);
    List<Inbox.LoadedEvent> loaded = new ArrayList<>();
    loaded.add(new Inbox.LoadedEvent(events.get(0), false));
    // the second exposure (another variant) arrives in the batch: the unit leaves the statistics
    StoredEvent second =
        new StoredEvent(3, Event.exposure("x9", "u1", "exp", "control", DAY2, false, null));
    loaded.add(new Inbox.LoadedEvent(events.get(1), false));
    loaded.add(new Inbox.LoadedEvent(second, true));
    Fold fold = Fold.of(java.util.Set.of(3L), Map.of("u1", loaded), e -> FUNNEL);
    assertTally(fold.deltas().get(key("$units", "bold", D1)), -1, 0, 0, 0);
    assertTally(fold.deltas().get(key("$multiple", "bold", D1)), 1, 0, 0, 0);
    assertTally(fold.deltas().get(key("revenue", "bold", D2)), 0, -1, -2, -4);
    assertEquals(1, fold.exposures().size());
    assertTrue(fold.exposures().get(0).multiple());
  }
}
