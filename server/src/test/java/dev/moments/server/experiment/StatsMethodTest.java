package dev.moments.server.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.moments.server.domain.InvalidException;
import dev.moments.server.stats.Spending;
import dev.moments.server.stats.TestMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** {@code stats.method}, {@code stats.spending} and the old boolean {@code stats.sequential}. */
class StatsMethodTest {

  private static StatsSettings parse(String json) {
    return StatsJson.parse(new JsonObject(json));
  }

  @Test
  void newExperimentsAreGroupSequentialWithOBrienFleming() {
    assertEquals(TestMethod.GROUP_SEQUENTIAL, StatsJson.parse(null).method());
    assertEquals(TestMethod.GROUP_SEQUENTIAL, parse("{\"alpha\":0.05}").method());
    assertEquals(Spending.OBRIEN_FLEMING, parse("{}").spending());
  }

  @Test
  void theOldBooleanStillNamesTheMethodsItMeant() {
    assertEquals(TestMethod.ALWAYS_VALID, parse("{\"sequential\":true}").method());
    assertEquals(TestMethod.FIXED, parse("{\"sequential\":false}").method());
  }

  @Test
  void methodAndSpendingAreParsedByTheirApiNames() {
    StatsSettings s = parse("{\"method\":\"fixed\",\"spending\":\"pocock\"}");
    assertEquals(TestMethod.FIXED, s.method());
    assertEquals(Spending.POCOCK, s.spending());
    assertEquals(
        TestMethod.GROUP_SEQUENTIAL,
        parse("{\"method\":\"group_sequential\",\"sequential\":true}").method(),
        "an experiment read back and sent again carries both; they agree");
  }

  @Test
  void aSequentialFlagContradictingTheMethodIsRefusedNamingTheField() {
    InvalidException e =
        assertThrows(
            InvalidException.class,
            () -> parse("{\"method\":\"group_sequential\",\"sequential\":false}"));
    assertEquals("stats.sequential", e.field());
    assertThrows(InvalidException.class, () -> parse("{\"method\":\"fixed\",\"sequential\":true}"));
  }

  @Test
  void theJsonCarriesTheMethodTheSpendingAndTheOldFlagAndReadsBackTheSame() {
    for (TestMethod method : TestMethod.values()) {
      StatsSettings s =
          new StatsSettings(
              0.05,
              0.8,
              0.1,
              method,
              Spending.POCOCK,
              dev.moments.server.stats.Correction.BH,
              null,
              null);
      JsonObject json = StatsJson.toJson(s);
      assertEquals(method.apiName(), json.getString("method"));
      assertEquals("pocock", json.getString("spending"));
      assertEquals(method != TestMethod.FIXED, json.getBoolean("sequential"));
      assertEquals(s, StatsJson.parse(json));
    }
  }

  @Test
  void aPatchWithTheOldFlagMovesToItsMethod() {
    StatsSettings patched =
        StatsJson.patch(new JsonObject().put("sequential", false)).applyTo(StatsSettings.DEFAULT);
    assertEquals(TestMethod.FIXED, patched.method());
  }
}
