package dev.moments.server.report;

import dev.moments.server.experiment.Direction;
import dev.moments.server.stats.ArmPosterior;
import dev.moments.server.stats.ThompsonAllocation;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * What a bandit's report says instead of a fixed-horizon test: each arm's probability of being the
 * best on the primary metric, from the normal posteriors of its period-weighted estimate ({@link
 * ChangingSplit}; the pooled figures are biased by the split the bandit itself moved). Exact for
 * two arms (the normal difference), otherwise {@value #DRAWS} joint draws from a fixed seed, so a
 * report reads the same every time (Monte Carlo standard error at most 0.005). A bandit's split is
 * adaptive, so its p-values have no fixed-horizon meaning: the decision never calls a winner from
 * them; it names the best arm and its probability.
 *
 * @param probabilities each arm's probability of being the best, in variant order; empty when an
 *     arm has no estimate yet
 */
record BanditReading(List<String> arms, double[] probabilities, String method) {

  static final int DRAWS = ThompsonAllocation.DEFAULT_DRAWS;
  static final long SEED = 21;
  private static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1);

  static BanditReading of(ChangingSplit.Figures primary) {
    List<String> arms = primary.arms().stream().map(ChangingSplit.Arm::key).toList();
    List<ArmPosterior.Normal> posteriors = new ArrayList<>();
    for (ChangingSplit.Arm arm : primary.arms()) {
      if (arm.weighted().error() != null || !Double.isFinite(arm.weighted().standardError())) {
        return new BanditReading(arms, new double[0], "none");
      }
      posteriors.add((ArmPosterior.Normal) arm.weighted().posterior());
    }
    boolean lower = primary.metric().direction() == Direction.DECREASE;
    if (posteriors.size() == 2) {
      return new BanditReading(arms, exact(posteriors.get(0), posteriors.get(1), lower), "exact");
    }
    return new BanditReading(
        arms, ThompsonAllocation.probabilityBest(posteriors, lower, DRAWS, SEED), "monte_carlo");
  }

  /** P(arm 1 beats arm 0) = Φ((m1 - m0) / sqrt(se0² + se1²)), the other way round when lower. */
  private static double[] exact(ArmPosterior.Normal a, ArmPosterior.Normal b, boolean lower) {
    double difference = (lower ? -1 : 1) * (b.mean() - a.mean());
    double se = Math.hypot(a.standardError(), b.standardError());
    double second =
        se > 0 ? STANDARD.cumulativeProbability(difference / se) : difference > 0 ? 1 : 0;
    return new double[] {1 - second, second};
  }

  boolean known() {
    return probabilities.length > 0;
  }

  int best() {
    int best = 0;
    for (int i = 1; i < probabilities.length; i++) {
      best = probabilities[i] > probabilities[best] ? i : best;
    }
    return best;
  }

  /** The {@code bandit} object of {@code changingSplit}. */
  JsonObject json() {
    JsonObject json = new JsonObject().put("method", method);
    if (!known()) {
      return json.put("error", MetricJson.NO_UNITS);
    }
    JsonObject each = new JsonObject();
    for (int i = 0; i < arms.size(); i++) {
      each.put(arms.get(i), probabilities[i]);
    }
    return json.put("bestArm", arms.get(best()))
        .put("probabilityBest", probabilities[best()])
        .put("probabilities", each);
  }

  /**
   * A bandit's decision: a broken split stays {@code srm}; otherwise {@code keep_running}, no
   * winner, the reason naming the best arm and its probability.
   */
  JsonObject decide(JsonObject decision, String metric) {
    if ("srm".equals(decision.getString("outcome"))) {
      return decision;
    }
    decision.put("outcome", "keep_running").putNull("winner").putNull("daysLeft");
    if (!known()) {
      return decision.put(
          "reason",
          "A bandit: every arm needs units before its chance of being the best can be read.");
    }
    String best = arms.get(best());
    decision.put("bestArm", best).put("probabilityBest", probabilities[best()]);
    return decision.put(
        "reason",
        ("A bandit: %s is the best arm on %s with probability %s (each arm weighted by the split of"
                + " the period its units entered). The bandit keeps moving traffic to it; stop it"
                + " when that probability is high enough for you.")
            .formatted(
                Reasons.name(best), metric, Reasons.percent(probabilities[best()]).substring(1)));
  }
}
