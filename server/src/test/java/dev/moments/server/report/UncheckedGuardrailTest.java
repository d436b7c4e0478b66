package dev.moments.server.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Trust defect: a guardrail with no data (its event never sent) cannot be significantly worse, so a
 * winner was called with "roll it out" and nothing said the guardrail was never checked.
 */
class UncheckedGuardrailTest {
  private static JsonObject report(Fixtures.Rows rows) {
    return ReportBuilder.build(
        ReportInput.of(
            Fixtures.spec(
                Fixtures.sequential(0.25),
                Fixtures.primary("signup"),
                Fixtures.guardrail("refund")),
            rows.list(),
            Fixtures.START.plusDays(3)));
  }

  private static Fixtures.Rows clearWinner() {
    return new Fixtures.Rows()
        .binomial("signup", "control", 5000, 250)
        .binomial("signup", "bold", 5000, 500);
  }

  @Test
  void aWinnerOverAGuardrailWithoutDataSaysItWasNotChecked() {
    JsonObject report = report(clearWinner());
    JsonObject decision = report.getJsonObject("decision");
    assertEquals("winner", decision.getString("outcome"), decision.encode());
    assertTrue(decision.getString("reason").contains("`refund`"), decision.encode());
    JsonArray warnings = report.getJsonArray("warnings");
    assertEquals(1, warnings.size(), warnings.encode());
    assertEquals("guardrail_no_data", warnings.getJsonObject(0).getString("code"));
    assertEquals("refund", warnings.getJsonObject(0).getString("metric"));
  }

  @Test
  void aGuardrailWithDataGivesNoWarning() {
    Fixtures.Rows rows =
        clearWinner().binomial("refund", "control", 0, 40).binomial("refund", "bold", 0, 45);
    JsonObject report = report(rows);
    assertEquals(new JsonArray(), report.getJsonArray("warnings"));
    assertEquals(false, report.getJsonObject("decision").getString("reason").contains("refund"));
  }
}
