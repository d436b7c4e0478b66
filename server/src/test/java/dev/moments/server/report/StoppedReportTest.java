package dev.moments.server.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class StoppedReportTest {
  private static JsonObject report(String status, String outcome) {
    return new JsonObject()
        .put("status", status)
        .put(
            "decision",
            new JsonObject().put("outcome", outcome).put("reason", "Collect 4,000 more visitors."));
  }

  @Test
  void aStoppedExperimentSaysItStoppedBeforeTheDataDecided() {
    JsonObject decision =
        ReportSpecs.annotateStopped(report("stopped", "keep_running")).getJsonObject("decision");
    assertEquals(true, decision.getBoolean("stoppedEarly"));
    assertTrue(decision.getString("reason").startsWith("Stopped before the data decided"));
    assertEquals("keep_running", decision.getString("outcome"), "the contract's outcome stays");
  }

  @Test
  void runningExperimentsAndDecidedOnesAreLeftAlone() {
    assertFalse(
        ReportSpecs.annotateStopped(report("running", "keep_running"))
            .getJsonObject("decision")
            .containsKey("stoppedEarly"));
    assertFalse(
        ReportSpecs.annotateStopped(report("stopped", "winner"))
            .getJsonObject("decision")
            .containsKey("stoppedEarly"));
  }
}
