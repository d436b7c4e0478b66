package dev.moments.server.report;

import dev.moments.server.stats.WeightedLift;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The decision of an experiment whose split changed while it ran, read against the period-weighted
 * figures ({@link ChangingSplit}): the primary metric's call and the guardrails' verdict are those
 * the weighted figures support, never the pooled figures' alone (server/README.md, "Changing
 * splits").
 */
final class ChangingSplitVerdict {
  private ChangingSplitVerdict() {}

  /**
   * The decision, unless the period-weighted primary metric contradicts it: a winner the weighted
   * lift does not confirm (significant, the same way) and a "no difference" where a weighted lift
   * is significant become keep_running, naming both figures. It only ever withholds a call: the
   * weighted test is one look at the experiment's alpha (Bonferroni over treatments), so it may
   * veto the sequential test's call but never make one.
   */
  static JsonObject guard(JsonObject decision, ExperimentSpec spec, ChangingSplit.Figures primary) {
    String outcome = decision.getString("outcome");
    String disputed = null;
    if ("winner".equals(outcome) && spec.control().equals(decision.getString("winner"))) {
      disputed = firstNot(primary, false);
    } else if ("winner".equals(outcome)) {
      String winner = decision.getString("winner");
      disputed = primary.significant(primary.lifts().get(winner), true) ? null : winner;
    } else if ("no_difference".equals(outcome)) {
      disputed =
          primary.lifts().entrySet().stream()
              .filter(
                  e ->
                      primary.significant(e.getValue(), true)
                          || primary.significant(e.getValue(), false))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(null);
    }
    if (disputed == null) {
      return decision;
    }
    return decision
        .put("outcome", "keep_running")
        .putNull("winner")
        .put("reason", reason(spec, primary, disputed));
  }

  /**
   * The guardrail verdict on the weighted figures, not the pooled ones (a baseline that drifts
   * between periods moves a pooled guardrail as it moves a pooled primary): a winner a weighted
   * guardrail finds significantly worse is {@code guardrail_harm}; a pooled {@code guardrail_harm}
   * no weighted guardrail confirms is {@code keep_running} (withheld, never turned into a call).
   */
  static JsonObject guardrails(
      JsonObject decision, ExperimentSpec spec, List<ChangingSplit.Figures> figures) {
    String outcome = decision.getString("outcome");
    List<ChangingSplit.Figures> guardrails =
        figures.stream().filter(f -> f.metric().role() == MetricRole.GUARDRAIL).toList();
    if ("winner".equals(outcome)) {
      String winner = decision.getString("winner");
      for (ChangingSplit.Figures g : guardrails) {
        WeightedLift lift = g.lifts().get(winner);
        if (lift != null && g.significant(lift, false)) {
          return decision
              .put("outcome", "guardrail_harm")
              .putNull("winner")
              .put("reason", harmReason(spec, winner, g, lift));
        }
      }
    } else if ("guardrail_harm".equals(outcome)
        && guardrails.stream()
            .noneMatch(g -> g.lifts().values().stream().anyMatch(l -> g.significant(l, false)))) {
      return decision
          .put("outcome", "keep_running")
          .put(
              "reason",
              "The split changed while the experiment ran: the pooled figures harm a guardrail,"
                  + " but weighted by each period's split no guardrail is significantly worse."
                  + " Keep running until they agree.");
    }
    return decision;
  }

  private static String harmReason(
      ExperimentSpec spec, String winner, ChangingSplit.Figures guardrail, WeightedLift lift) {
    return ("The split changed while the experiment ran: weighted by each period's split, %s"
            + " %s %s by %s (interval %s to %s; %s pooled); don't roll it out.")
        .formatted(
            Reasons.name(winner),
            lift.relative() > 0 ? "raises" : "lowers",
            guardrail.metric().key(),
            Reasons.percent(lift.relative()),
            Reasons.percent(lift.low()),
            Reasons.percent(lift.high()),
            Reasons.percent(guardrail.pooledLift(winner, spec.control())));
  }

  /** The first treatment whose weighted lift is not significantly worse (or better), or null. */
  private static String firstNot(ChangingSplit.Figures primary, boolean better) {
    return primary.lifts().entrySet().stream()
        .filter(e -> !primary.significant(e.getValue(), better))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
  }

  private static String reason(ExperimentSpec spec, ChangingSplit.Figures primary, String variant) {
    WeightedLift lift = primary.lifts().get(variant);
    String weighted =
        lift.ok()
            ? "%s (interval %s to %s)"
                .formatted(
                    Reasons.percent(lift.relative()),
                    Reasons.percent(lift.low()),
                    Reasons.percent(lift.high()))
            : "not estimable yet";
    return ("The split changed while the experiment ran, so the pooled figures mix periods with"
            + " different baselines: %s vs %s on %s is %s pooled but %s weighted by each"
            + " period's split. Keep running until they agree.")
        .formatted(
            Reasons.name(variant),
            Reasons.name(spec.control()),
            primary.metric().key(),
            Reasons.percent(primary.pooledLift(variant, spec.control())),
            weighted);
  }
}
