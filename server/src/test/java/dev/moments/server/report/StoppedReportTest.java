package dev.moments.server.report;

import static dev.moments.server.report.Fixtures.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.experiment.Status;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The decision knows the experiment's status: a stopped one cannot keep running. */
class StoppedReportTest {
  /** Fixed horizon, far from the planned sample: the data alone says keep running. */
  private static JsonObject undecided(Status status) {
    return decision(
        status,
        new Fixtures.Rows()
            .binomial("signup", "control", 3000, 1396)
            .binomial("signup", "bold", 3000, 2100));
  }

  private static JsonObject decision(Status status, Fixtures.Rows rows) {
    return ReportBuilder.build(
            ReportInput.of(
                Fixtures.spec(status, Fixtures.fixed(0.02), Fixtures.primary("signup")),
                rows.list(),
                START.plusDays(3)))
        .getJsonObject("decision");
  }

  @Test
  void aStoppedExperimentSaysItStoppedBeforeTheDataDecided() {
    String running = undecided(Status.RUNNING).getString("reason");
    JsonObject decision = undecided(Status.STOPPED);
    assertEquals(true, decision.getBoolean("stoppedEarly"));
    assertEquals(
        "Stopped before the data decided; had it kept running: " + running,
        decision.getString("reason"));
    assertEquals("keep_running", decision.getString("outcome"), "the contract's outcome stays");
  }

  @Test
  void runningExperimentsAndDecidedOnesAreLeftAlone() {
    assertFalse(undecided(Status.RUNNING).containsKey("stoppedEarly"));
    assertFalse(undecided(Status.PAUSED).containsKey("stoppedEarly"));
    JsonObject won =
        ReportBuilder.build(
                ReportInput.of(
                    Fixtures.spec(
                        Status.STOPPED, Fixtures.sequential(0.1), Fixtures.primary("signup")),
                    new Fixtures.Rows()
                        .binomial("signup", "control", 3000, 1396)
                        .binomial("signup", "bold", 3000, 2100)
                        .list(),
                    START.plusDays(3)))
            .getJsonObject("decision");
    assertEquals("winner", won.getString("outcome"));
    assertFalse(won.containsKey("stoppedEarly"));
    assertTrue(won.getString("reason").startsWith("Bold beats Control"));
  }
}
