package dev.moments.server.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.SampleStats;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: a changing split's guardrail verdict reads the period-weighted figures. A week at 50/50
 * (500 units a day per arm), then a week at 10/90 (100 and 900) in which refunds fall from 10 % to
 * 2 %; bold raises refunds by 30 % in both weeks (13 %, then 2.6 %) and signups by half (10 % to 15
 * %, then 20 % to 30 %). Pooled, bold's refund rate is lower (6.3 % against 8.7 %: most of its
 * units came in the low-refund week), so the pooled guardrail sees no harm and bold wins; weighted
 * by each period's split, bold raises refunds significantly: no roll-out.
 */
class ChangingSplitGuardrailTest {
  static final ExperimentSpec SPEC =
      ChangingSplitReportTest.spec(Fixtures.primary("signup"), Fixtures.guardrail("refund"));

  @Test
  void aWinnerAWeightedGuardrailFindsHarmfulIsNotRolledOut() {
    List<RollupRow> rows = rows();
    JsonObject report = report(rows);
    JsonObject refund = report.getJsonArray("metrics").getJsonObject(1);
    assertEquals("refund", refund.getString("metric"));
    // the pooled guardrail: bold lower, no harm
    assertTrue(
        refund.getJsonArray("comparisons").getJsonObject(0).getDouble("relativeLift") < 0,
        refund.encode());
    JsonObject weighted = weightedRefund(report);
    assertEquals(0.3, weighted.getDouble("relativeLift"), 0.02, weighted.encode());
    assertTrue(weighted.getDouble("pValue") < 0.001, weighted.encode());
    JsonObject decision = report.getJsonObject("decision");
    assertEquals("guardrail_harm", decision.getString("outcome"), decision.encode());
    assertNull(decision.getString("winner"));
    assertTrue(
        decision.getString("reason").contains("raises refund"), decision.getString("reason"));
  }

  /** Without the refunds the weighted primary confirms bold: the winner stands. */
  @Test
  void withoutHarmTheWinnerStands() {
    List<RollupRow> rows = rows().stream().filter(r -> !r.metric().equals("refund")).toList();
    JsonObject report = report(rows);
    assertEquals("winner", report.getJsonObject("decision").getString("outcome"));
    assertEquals("bold", report.getJsonObject("decision").getString("winner"));
  }

  /**
   * The control listed after the treatment: the pooled figures beside the weighted ones are still
   * over the control (bold's pooled refund rate 616/9800 over control's 364/4200), not over the
   * first arm.
   */
  @Test
  void thePooledFiguresAreOverTheSpecsControlWhereverItIsListed() {
    ExperimentSpec boldFirst =
        new ExperimentSpec(
            SPEC.key(),
            SPEC.status(),
            SPEC.moment(),
            SPEC.stage(),
            List.of(new VariantSpec("bold", 90), new VariantSpec("control", 10)),
            "control",
            SPEC.metrics(),
            null,
            SPEC.stats(),
            SPEC.startDate());
    JsonObject report = report(boldFirst, rows());
    double pooled = (616.0 / 9800) / (364.0 / 4200) - 1;
    JsonObject refund = weightedRefund(report);
    assertEquals("bold", refund.getString("variant"));
    assertEquals(pooled, refund.getDouble("pooledRelativeLift"), 1e-9, refund.encode());
    JsonObject decision = report.getJsonObject("decision");
    assertEquals("guardrail_harm", decision.getString("outcome"), decision.encode());
    assertTrue(
        decision.getString("reason").contains("; " + Reasons.percent(pooled) + " pooled)"),
        decision.getString("reason"));
  }

  /** Bold's comparison on refunds in {@code changingSplit}. */
  private static JsonObject weightedRefund(JsonObject report) {
    return report
        .getJsonObject("changingSplit")
        .getJsonArray("metrics")
        .getJsonObject(1)
        .getJsonArray("comparisons")
        .getJsonObject(0);
  }

  static JsonObject report(List<RollupRow> rows) {
    return report(SPEC, rows);
  }

  static JsonObject report(ExperimentSpec spec, List<RollupRow> rows) {
    return ReportBuilder.build(
        ReportInput.of(spec, rows, ChangingSplitReportTest.TODAY)
            .at(ChangingSplitReportTest.NOW)
            .withSplit(
                new ChangingSplitInput(
                    ChangingSplitReportTest.PERIODS, rows, ChangingSplitReportTest.NOW)));
  }

  /** Per day and arm: units, signups and refunds, each unit converting on its first day. */
  static List<RollupRow> rows() {
    List<RollupRow> rows = new ArrayList<>();
    for (int d = 0; d < 14; d++) {
      boolean first = d < 7;
      add(rows, d, "control", first ? 500 : 100, first ? 50 : 20, first ? 50 : 2);
      add(rows, d, "bold", first ? 500 : 900, first ? 75 : 270, first ? 65 : 23);
    }
    return rows;
  }

  private static void add(
      List<RollupRow> rows, int d, String variant, long units, long signups, long refunds) {
    var day = Fixtures.START.plusDays(d);
    rows.add(new RollupRow(RollupRow.UNITS, variant, day, "", "", SampleStats.units(units)));
    rows.add(
        new RollupRow(
            "signup", variant, day, "", "", new SampleStats(0, signups, signups, signups)));
    rows.add(
        new RollupRow(
            "refund", variant, day, "", "", new SampleStats(0, refunds, refunds, refunds)));
  }
}
