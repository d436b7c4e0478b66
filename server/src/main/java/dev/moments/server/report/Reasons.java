package dev.moments.server.report;

import dev.moments.server.experiment.Direction;
import dev.moments.server.stats.Interval;
import java.util.List;
import java.util.Locale;

/** One sentence per outcome, in words a marketer understands. */
final class Reasons {

  private Reasons() {}

  static String winner(ExperimentSpec spec, MetricResult.Comparison c) {
    return "%s beats %s on %s by %s (%s%s); roll it out."
        .formatted(
            name(c.variant()),
            name(spec.control()),
            spec.primaryMetric().key(),
            percent(c.lift().relative().estimate()),
            c.direction() == Direction.DECREASE ? "lower is better; " : "",
            interval(spec, c));
  }

  /** Appended to a winner's reason: the guardrails it could not be checked against; or "". */
  static String uncheckedGuardrails(List<String> guardrails) {
    return guardrails.isEmpty()
        ? ""
        : " Not checked against guardrail%s %s, which cannot be compared yet."
            .formatted(
                guardrails.size() == 1 ? "" : "s",
                String.join(", ", guardrails.stream().map(g -> "`" + g + "`").toList()));
  }

  static String controlWins(ExperimentSpec spec, MetricResult primary) {
    return "Every variant does worse than %s on %s; keep %s."
        .formatted(name(spec.control()), primary.metric().key(), name(spec.control()));
  }

  static String guardrailHarm(
      ExperimentSpec spec,
      MetricResult.Comparison winner,
      MetricResult guardrail,
      MetricResult.Comparison harm) {
    return "%s wins on %s (%s) but %s %s by %s (%s); don't roll it out."
        .formatted(
            name(winner.variant()),
            spec.primaryMetric().key(),
            percent(winner.lift().relative().estimate()),
            harm.lift().relative().estimate() > 0 ? "raises" : "lowers",
            guardrail.metric().key(),
            percent(harm.lift().relative().estimate()),
            interval(spec, harm));
  }

  static String srm(double pValue) {
    return "Traffic does not match the configured split (sample-ratio check p = %s); fix assignment or tracking before trusting any result."
        .formatted(String.format(Locale.ROOT, "%.2g", pValue));
  }

  static String noDifference(ExperimentSpec spec, Plan plan) {
    return "No variant beats %s on %s after the planned %s visitors; keep %s or test a bolder change."
        .formatted(
            name(spec.control()),
            spec.primaryMetric().key(),
            count(plan.totalUnits()),
            name(spec.control()));
  }

  static String keepRunning(ExperimentSpec spec, long unitsNeeded, Long daysLeft) {
    String days =
        daysLeft == null
            ? ""
            : " (about %s at current traffic)"
                .formatted(daysLeft == 1 ? "1 day" : count(daysLeft) + " days");
    return "No clear result on %s yet; about %s more visitors needed%s."
        .formatted(spec.primaryMetric().key(), count(unitsNeeded), days);
  }

  static String stoppedEarly(String keepRunningReason) {
    return "Stopped before the data decided; had it kept running: " + keepRunningReason;
  }

  static String needMoreConversions(ExperimentSpec spec, long minUnits, long minConversions) {
    return "Keep running: a call on %s needs at least %d visitors and %d conversions in every variant."
        .formatted(spec.primaryMetric().key(), minUnits, minConversions);
  }

  /** The interval the report shows: a group-sequential comparison's is its repeated one. */
  private static String interval(ExperimentSpec spec, MetricResult.Comparison c) {
    long level = Math.round((1 - spec.stats().alpha()) * 100);
    Interval ci =
        c.sequential() != null && c.sequential().relativeCi() != null
            ? c.sequential().relativeCi()
            : c.lift().relative().ci();
    return "%d%% interval %s to %s".formatted(level, percent(ci.low()), percent(ci.high()));
  }

  /** +26%, -3.5%: whole percents unless the lift is under 10 %. */
  static String percent(double fraction) {
    double pct = fraction * 100;
    return String.format(Locale.ROOT, Math.abs(pct) < 10 ? "%+.1f%%" : "%+.0f%%", pct);
  }

  static String name(String key) {
    return key.isEmpty() ? key : Character.toUpperCase(key.charAt(0)) + key.substring(1);
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
