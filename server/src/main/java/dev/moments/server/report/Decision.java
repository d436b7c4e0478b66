package dev.moments.server.report;

import dev.moments.server.experiment.Status;
import dev.moments.server.stats.SampleRatio;
import dev.moments.server.stats.TestMethod;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The call a marketer reads, in order: {@code srm} (split broken), {@code guardrail_harm} (every
 * variant that would win significantly moves a guardrail metric the bad way for its direction: more
 * refunds, fewer engaged visitors), {@code winner} (significantly better on the primary metric in
 * its direction after correction, at least {@value #MIN_UNITS} units and {@value #MIN_CONVERSIONS}
 * conversions in every variant, and with fixed-horizon testing only once the planned sample is
 * reached; group-sequential: its comparison crossed a boundary at a look), {@code no_difference}
 * (planned sample reached, for group-sequential every comparison final, and no variant beats the
 * control), otherwise {@code keep_running}, which for a stopped experiment also says {@code
 * "stoppedEarly": true}: it ended before the data decided.
 */
final class Decision {

  static final long MIN_UNITS = 100;
  static final long MIN_CONVERSIONS = 25;
  private static final int TRAFFIC_WINDOW_DAYS = 7;

  record Input(
      ExperimentSpec spec,
      Plan plan,
      MetricResult primary,
      List<MetricResult> guardrails,
      OptionalDouble srmPValue,
      long currentUnits,
      NavigableMap<LocalDate, Long> dailyUnits) {}

  private Decision() {}

  static JsonObject decide(Input in) {
    long unitsNeeded = Math.max(0, in.plan().totalUnits() - in.currentUnits());
    JsonObject json =
        new JsonObject()
            .putNull("outcome")
            .putNull("winner")
            .putNull("reason")
            .put("unitsNeeded", unitsNeeded)
            .put("plannedUnitsPerVariant", in.plan().unitsPerVariant())
            .put("plannedTotalUnits", in.plan().totalUnits())
            .put("plannedFromObservedBaseline", in.plan().observedBaseline())
            .put("plannedVarianceReduction", in.plan().varianceReduction())
            .putNull("daysLeft");
    if (in.srmPValue().isPresent() && SampleRatio.mismatch(in.srmPValue().getAsDouble())) {
      return outcome(json, "srm", Reasons.srm(in.srmPValue().getAsDouble()));
    }
    boolean groupSequential = in.spec().stats().method() == TestMethod.GROUP_SEQUENTIAL;
    // group-sequential: the plan is reached when every comparison's monitor is final (a crossing,
    // or its last look at t = 1); the decision is then final, never keep_running
    boolean plannedReached = groupSequential ? allFinal(in.primary()) : unitsNeeded == 0;
    boolean mayDecide = in.spec().stats().sequential() || plannedReached;
    List<MetricResult.Comparison> better =
        in.primary().comparisons().stream()
            .filter(MetricResult.Comparison::significantlyBetter)
            .toList();
    List<MetricResult.Comparison> worse =
        in.primary().comparisons().stream()
            .filter(MetricResult.Comparison::significantlyWorse)
            .toList();
    boolean enoughData = (groupSequential && plannedReached) || enoughData(in.primary());
    if (enoughData && mayDecide && !better.isEmpty()) {
      return winnerOrHarm(json, in, better);
    }
    int tested = in.primary().comparisons().size();
    if (enoughData && mayDecide && tested > 0 && worse.size() == tested) {
      json.put("winner", in.spec().control());
      return outcome(json, "winner", Reasons.controlWins(in.spec(), in.primary()));
    }
    boolean anySignificant = !better.isEmpty() || !worse.isEmpty();
    // here no variant can be called better: with enough data that means no improvement worth
    // shipping
    if (plannedReached && (enoughData || !anySignificant)) {
      return outcome(json, "no_difference", Reasons.noDifference(in.spec(), in.plan()));
    }
    Long daysLeft = daysLeft(unitsNeeded, in.dailyUnits());
    json.put("daysLeft", daysLeft);
    String reason =
        !enoughData && anySignificant && mayDecide
            ? Reasons.needMoreConversions(in.spec(), MIN_UNITS, MIN_CONVERSIONS)
            : Reasons.keepRunning(in.spec(), unitsNeeded, daysLeft);
    if (in.spec().status() == Status.STOPPED) {
      // a stopped experiment cannot keep running: the outcome stays the contract's, the reason and
      // stoppedEarly say it ended before the data decided
      json.put("stoppedEarly", true);
      reason = Reasons.stoppedEarly(reason);
    }
    return outcome(json, "keep_running", reason);
  }

  private static JsonObject winnerOrHarm(
      JsonObject json, Input in, List<MetricResult.Comparison> better) {
    Optional<MetricResult.Comparison> best =
        better.stream()
            .filter(c -> harmedGuardrail(in.guardrails(), c.variant()) == null)
            .max(Comparator.comparingDouble(MetricResult.Comparison::gain));
    if (best.isEmpty()) {
      MetricResult.Comparison first = better.get(0);
      MetricResult harmed = harmedGuardrail(in.guardrails(), first.variant());
      return outcome(
          json,
          "guardrail_harm",
          Reasons.guardrailHarm(in.spec(), first, harmed, harmed.comparison(first.variant())));
    }
    json.put("winner", best.get().variant());
    List<String> unchecked =
        in.guardrails().stream()
            .filter(
                g -> {
                  MetricResult.Comparison c = g.comparison(best.get().variant());
                  return c != null && !c.lift().ok();
                })
            .map(g -> g.metric().key())
            .toList();
    return outcome(
        json,
        "winner",
        Reasons.winner(in.spec(), best.get()) + Reasons.uncheckedGuardrails(unchecked));
  }

  /** The first guardrail metric the variant significantly moves the bad way, or null. */
  static MetricResult harmedGuardrail(List<MetricResult> guardrails, String variant) {
    return guardrails.stream()
        .filter(
            g -> {
              MetricResult.Comparison c = g.comparison(variant);
              return c != null && c.significantlyWorse();
            })
        .findFirst()
        .orElse(null);
  }

  private static boolean allFinal(MetricResult primary) {
    return !primary.comparisons().isEmpty()
        && primary.comparisons().stream()
            .allMatch(c -> c.sequential() != null && c.sequential().isFinal());
  }

  private static boolean enoughData(MetricResult primary) {
    return primary.variants().stream()
        .allMatch(v -> v.sample().n() >= MIN_UNITS && v.conversions() >= MIN_CONVERSIONS);
  }

  /** From the mean daily exposed units over the last 7 days that have any. */
  static Long daysLeft(long unitsNeeded, NavigableMap<LocalDate, Long> dailyUnits) {
    List<Long> recent =
        dailyUnits.descendingMap().values().stream()
            .filter(units -> units != 0)
            .limit(TRAFFIC_WINDOW_DAYS)
            .toList();
    double perDay = recent.stream().mapToLong(Long::longValue).average().orElse(0);
    if (unitsNeeded == 0) {
      return 0L;
    }
    return perDay > 0 ? (long) Math.ceil(unitsNeeded / perDay) : null;
  }

  private static JsonObject outcome(JsonObject json, String outcome, String reason) {
    return json.put("outcome", outcome).put("reason", reason);
  }
}
