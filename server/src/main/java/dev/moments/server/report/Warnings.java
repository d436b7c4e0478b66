package dev.moments.server.report;

import dev.moments.server.domain.Typos;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the team should know that the statistics cannot say: conversions of this experiment's units
 * for a metric key that no experiment declares, which is usually a typo ({@code sigup}). Events are
 * accepted whatever their metric (a metric may be declared later), so the report says so instead.
 */
final class Warnings {
  static final String UNDECLARED_METRIC = "undeclared_metric";
  static final String GUARDRAIL_NO_DATA = "guardrail_no_data";

  private Warnings() {}

  /**
   * @param declared every metric key some experiment declares (this one's included or not)
   */
  static JsonArray of(ExperimentSpec spec, RollupCube overall, Set<String> declared) {
    Set<String> known = new TreeSet<>(declared);
    spec.metrics().forEach(m -> known.add(m.key()));
    JsonArray warnings = new JsonArray();
    for (String metric : overall.metrics()) {
      if (known.contains(metric)) {
        continue;
      }
      long converted =
          spec.variants().stream().mapToLong(v -> overall.total(metric, v.key()).converted()).sum();
      if (converted <= 0) {
        continue;
      }
      String closest = closest(metric, known);
      warnings.add(
          new JsonObject()
              .put("code", UNDECLARED_METRIC)
              .put("metric", metric)
              .put("conversions", converted)
              .put("suggestion", closest)
              .put(
                  "message",
                  String.format(
                      Locale.ROOT,
                      "%,d %s for `%s`, which no metric declares%s",
                      converted,
                      converted == 1 ? "conversion" : "conversions",
                      metric,
                      closest == null ? "." : "; did you mean `" + closest + "`?")));
    }
    return warnings;
  }

  /**
   * A guardrail no comparison can be made on yet (no events of it, nothing varies, too few units,
   * every unit still inside its window): it is not significantly worse, so it would let a winner
   * through unchecked; the report says so instead of staying silent.
   */
  static JsonArray guardrailsWithoutData(List<MetricResult> guardrails) {
    JsonArray warnings = new JsonArray();
    for (MetricResult guardrail : guardrails) {
      guardrail.comparisons().stream()
          .filter(c -> !c.lift().ok())
          .findFirst()
          .ifPresent(
              c ->
                  warnings.add(
                      new JsonObject()
                          .put("code", GUARDRAIL_NO_DATA)
                          .put("metric", guardrail.metric().key())
                          .put(
                              "message",
                              String.format(
                                  Locale.ROOT,
                                  "Guardrail `%s` cannot be compared yet (%s): no variant is"
                                      + " checked against it.",
                                  guardrail.metric().key(),
                                  c.lift().error()))));
    }
    return warnings;
  }

  /** The declared key nearest to {@code metric} by edit distance, if a typo could explain it. */
  static String closest(String metric, Set<String> known) {
    return Typos.closest(metric, known);
  }
}
