package dev.moments.server.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.domain.InvalidException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AllocationTest {

  private static Allocation parse(String json, int arms) {
    return Allocation.parse(new JsonObject(json), arms, Allocation.MIN_UPDATE_EVERY);
  }

  private static String refused(String json, int arms) {
    return assertThrows(InvalidException.class, () -> parse(json, arms)).field();
  }

  @Test
  void absentOrFixedIsFixed() {
    assertEquals(Allocation.FIXED, Allocation.parse(null, 2, Allocation.MIN_UPDATE_EVERY));
    assertEquals(Allocation.FIXED, parse("{\"type\":\"fixed\"}", 2));
    assertEquals(new JsonObject().put("type", "fixed"), Allocation.FIXED.toJson());
  }

  @Test
  void theIssuesBanditRoundTrips() {
    String json =
        "{\"type\":\"bandit\",\"updateEvery\":\"PT1H\",\"minShare\":0.05,\"burnInUnits\":1000}";
    Allocation a = parse(json, 3);
    assertEquals(new Allocation(Allocation.Type.BANDIT, Duration.ofHours(1), 0.05, 1000), a);
    assertEquals(new JsonObject(json), a.toJson());
  }

  /** A period of whole days comes back in days, as sent, not as Duration's PT24H. */
  @Test
  void updateEveryIsEchoedWithItsDaysAsDays() {
    for (String[] sentAndEchoed :
        new String[][] {
          {"P1D", "P1D"},
          {"P7D", "P7D"},
          {"P1DT12H", "P1DT12H"},
          {"PT36H", "P1DT12H"},
          {"PT24H", "P1D"},
          {"PT1H", "PT1H"},
          {"PT90M", "PT1H30M"},
          {"P365D", "P365D"}
        }) {
      Allocation a = parse("{\"type\":\"bandit\",\"updateEvery\":\"" + sentAndEchoed[0] + "\"}", 2);
      String echoed = a.toJson().getString("updateEvery");
      assertEquals(sentAndEchoed[1], echoed, sentAndEchoed[0]);
      assertEquals(a, Allocation.stored(a.toJson()), "read back as the same duration");
    }
  }

  @Test
  void invalidBanditsNameTheirField() {
    assertEquals("allocation.type", refused("{\"type\":\"greedy\"}", 2));
    assertEquals("allocation.minShare", refused("{\"type\":\"bandit\",\"minShare\":0.34}", 3));
    assertEquals("allocation.minShare", refused("{\"type\":\"bandit\",\"minShare\":-0.1}", 3));
    assertEquals(
        "allocation.updateEvery", refused("{\"type\":\"bandit\",\"updateEvery\":\"PT59S\"}", 2));
    assertEquals(
        "allocation.updateEvery", refused("{\"type\":\"bandit\",\"updateEvery\":\"P366D\"}", 2));
    assertEquals(
        "allocation.updateEvery",
        refused("{\"type\":\"bandit\",\"updateEvery\":\"P100000000000000D\"}", 2));
    assertEquals(
        Duration.ofDays(365),
        parse("{\"type\":\"bandit\",\"updateEvery\":\"P365D\"}", 2).updateEvery());
    assertEquals(
        "allocation.updateEvery", refused("{\"type\":\"bandit\",\"updateEvery\":\"hourly\"}", 2));
    assertEquals("allocation.burnInUnits", refused("{\"type\":\"bandit\",\"burnInUnits\":-1}", 2));
    assertEquals("allocation.burnInUnits", refused("{\"type\":\"bandit\",\"burnInUnits\":1.5}", 2));
  }

  @Test
  void aTestMayAllowShorterUpdates() {
    Allocation a =
        Allocation.parse(
            new JsonObject("{\"type\":\"bandit\",\"updateEvery\":\"PT1S\"}"), 2, Duration.ZERO);
    assertEquals(Duration.ofSeconds(1), a.updateEvery());
  }

  @Test
  void banditsAreStickyAndRefuseStickyFalse() {
    Allocation bandit = parse("{\"type\":\"bandit\"}", 2);
    assertTrue(Allocation.sticky(bandit, null));
    assertEquals(
        "sticky",
        assertThrows(InvalidException.class, () -> Allocation.sticky(bandit, false)).field());
    assertFalse(Allocation.sticky(Allocation.FIXED, null));
    assertTrue(Allocation.sticky(Allocation.FIXED, true));
  }
}
