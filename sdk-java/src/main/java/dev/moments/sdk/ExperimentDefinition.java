package dev.moments.sdk;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One experiment as the SDK config describes it. {@code ranges} are this experiment's half-open
 * layer-bucket ranges on its moment (empty for a draft); {@code targeting} null means everyone;
 * {@code rollout} (nullable) names the variant a stopped experiment sends its range to; {@code
 * sticky} keeps a unit's stored variant across changes (spec/README.md, "Sticky bucketing"). The
 * hot-path precomputation lives in {@link CompiledExperiment}, built by {@link AssignmentConfig}.
 */
public record ExperimentDefinition(
    String key,
    String moment,
    String salt,
    String status,
    double trafficPercent,
    List<BucketRange> ranges,
    List<VariantDefinition> variants,
    Targeting targeting,
    String rollout,
    boolean sticky) {
  static final Set<String> STATUSES = Set.of("draft", "running", "paused", "stopped");

  public ExperimentDefinition {
    requireNonEmpty("key", key, key);
    requireNonEmpty("moment", moment, key);
    if (salt == null) {
      throw new IllegalArgumentException("experiment \"" + key + "\": salt must not be null");
    }
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException(
          "experiment \""
              + key
              + "\": status must be one of draft, running, paused, stopped, got "
              + VariantDefinition.quoted(status));
    }
    if (!(trafficPercent >= 0 && trafficPercent <= 100)) {
      throw new IllegalArgumentException(
          "experiment \"" + key + "\": trafficPercent must be in [0, 100], got " + trafficPercent);
    }
    ranges = List.copyOf(ranges == null ? List.of() : ranges);
    variants = List.copyOf(variants == null ? List.of() : variants);
    targeting = targeting == null ? Targeting.everyone() : targeting;
    requireDisjoint(key, ranges);
    requireVariants(key, variants, rollout);
  }

  /** A non-sticky experiment. */
  public ExperimentDefinition(
      String key,
      String moment,
      String salt,
      String status,
      double trafficPercent,
      List<BucketRange> ranges,
      List<VariantDefinition> variants,
      Targeting targeting,
      String rollout) {
    this(key, moment, salt, status, trafficPercent, ranges, variants, targeting, rollout, false);
  }

  boolean isRunning() {
    return status.equals("running");
  }

  /**
   * An ad experiment (every variant of kind "ad"): the ad platform randomises it, so an ad click
   * names its variant (the {@code ad} attribute).
   */
  boolean isAdExperiment() {
    return variants.stream().allMatch(v -> VariantDefinition.AD.equals(v.kind()));
  }

  /** A stopped experiment with a rollout still sends its range to one variant. */
  boolean isRollingOut() {
    return status.equals("stopped") && rollout != null;
  }

  private static void requireNonEmpty(String field, String value, String key) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(
          "experiment "
              + VariantDefinition.quoted(key)
              + ": "
              + field
              + " must be a non-empty string, got "
              + VariantDefinition.quoted(value));
    }
  }

  private static void requireDisjoint(String key, List<BucketRange> ranges) {
    for (int i = 0; i < ranges.size(); i++) {
      for (int j = i + 1; j < ranges.size(); j++) {
        BucketRange a = ranges.get(i);
        BucketRange b = ranges.get(j);
        if (a.start() < b.end() && b.start() < a.end()) {
          throw new IllegalArgumentException(
              "experiment \"" + key + "\": ranges " + a + " and " + b + " overlap");
        }
      }
    }
  }

  private static void requireVariants(
      String key, List<VariantDefinition> variants, String rollout) {
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("experiment \"" + key + "\": needs at least one variant");
    }
    Set<String> keys = new HashSet<>();
    double total = 0;
    for (VariantDefinition variant : variants) {
      if (!keys.add(variant.key())) {
        throw new IllegalArgumentException(
            "experiment \"" + key + "\": duplicate variant \"" + variant.key() + "\"");
      }
      total += variant.weight();
    }
    if (!(total > 0) || Double.isInfinite(total)) {
      throw new IllegalArgumentException(
          "experiment \""
              + key
              + "\": variant weights must sum to a finite number > 0, got "
              + total);
    }
    if (rollout != null && !keys.contains(rollout)) {
      throw new IllegalArgumentException(
          "experiment \""
              + key
              + "\": rollout \""
              + rollout
              + "\" is not one of its variants "
              + keys);
    }
  }
}
