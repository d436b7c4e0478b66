package dev.moments.server.experiment;

import dev.moments.server.domain.ConflictException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A bandit's variant weights: equal until its burn-in ends, then the shares the updater publishes.
 * Weights are percentages with three decimals (the SDKs split 10,000 buckets by them, so finer
 * would not change a single unit's variant), never below 0.001: with minShare 0 an arm keeps a
 * positive weight, so each period's weight stays a valid inverse-probability weight for the report.
 */
public final class BanditWeights {
  private BanditWeights() {}

  /** Every variant with the same weight: a bandit's split until its first update. */
  public static List<Variant> equal(List<Variant> variants) {
    double each = percent(1.0 / Math.max(1, variants.size()));
    return variants.stream().map(v -> v.withWeight(each)).toList();
  }

  /**
   * The running bandit with the update's weights: only the server's updater changes them (a PATCH
   * of a started bandit's variants is refused).
   */
  public static Experiment apply(Experiment e, WeightUpdate update, Instant now) {
    if (!takesUpdates(e)) {
      throw new ConflictException(
          "not_running",
          "Experiment '" + e.key() + "' is not a running bandit; its weights stay as they are.");
    }
    List<Variant> variants =
        e.variants().stream()
            .map(v -> v.withWeight(percent(update.weights().getOrDefault(v.key(), 0.0))))
            .toList();
    return e.toBuilder().variants(variants).updatedAt(now).build();
  }

  /**
   * Whether {@code update} may be stored on {@code e} as it is now, under its row lock: a running
   * bandit whose primary metric is still the one the update was sampled for. The updater reads the
   * experiment before its row lock; a PATCH committed in between (a flipped direction) would
   * otherwise publish weights that favour the arm the experiment now calls worse.
   */
  public static boolean takes(Experiment e, WeightUpdate update) {
    return takesUpdates(e) && e.primaryMetric().equals(update.primary());
  }

  /** Running, a bandit and not archived: what the updater updates. */
  public static boolean takesUpdates(Experiment e) {
    return e.status() == Status.RUNNING && e.allocation().isBandit() && !e.archived();
  }

  /** Each variant's weight as the share of the whole it is. */
  public static Map<String, Double> shares(List<Variant> variants) {
    double total = variants.stream().mapToDouble(Variant::weight).sum();
    return variants.stream()
        .collect(
            java.util.stream.Collectors.toMap(
                Variant::key, v -> total > 0 ? v.weight() / total : 1.0 / variants.size()));
  }

  private static double percent(double share) {
    return Math.max(0.001, Math.round(share * 100_000) / 1000.0);
  }
}
