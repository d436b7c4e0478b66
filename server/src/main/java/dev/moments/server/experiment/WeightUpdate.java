package dev.moments.server.experiment;

import java.util.Map;

/**
 * One weight update of a running bandit, as the updater computed it: the new share of each variant
 * (summing to 1, each at least the allocation's minShare) and each variant's posterior probability
 * of being the best arm, from the rollups of {@code units} counted units.
 *
 * @param number 1 for the first update after burn-in, then 2, 3...: two servers computing the same
 *     update use the same number, and only one of them stores it
 * @param primary the primary metric the weights were sampled for, as the updater read it: a PATCH
 *     that changed it (its direction, say) before the update is stored makes the update stale
 */
public record WeightUpdate(
    int number,
    Map<String, Double> weights,
    Map<String, Double> probabilityBest,
    long units,
    Metric primary) {

  public WeightUpdate {
    if (number < 1) {
      throw new IllegalArgumentException("a weight update is numbered from 1: " + number);
    }
    weights = Map.copyOf(weights);
    probabilityBest = Map.copyOf(probabilityBest);
  }
}
