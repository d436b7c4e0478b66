package dev.moments.sdk;

import java.util.List;
import java.util.Map;

/** An experiment with everything the hot path needs precomputed, including its results. */
final class CompiledExperiment {
  final ExperimentDefinition definition;
  private final int[] rangeStarts;
  private final int[] rangeEnds;
  private final double[] cumulative;
  private final byte[] variantPrefix;
  private final Assignment[] chosen;
  private final Assignment[] forced;
  private final Assignment[] clicked;
  private final Assignment[] kept; // a stored variant returned: not stored again
  private final Assignment rolledOut;

  CompiledExperiment(ExperimentDefinition definition) {
    this.definition = definition;
    List<BucketRange> ranges = definition.ranges();
    rangeStarts = new int[ranges.size()];
    rangeEnds = new int[ranges.size()];
    for (int i = 0; i < rangeStarts.length; i++) {
      rangeStarts[i] = ranges.get(i).start();
      rangeEnds[i] = ranges.get(i).end();
    }
    List<VariantDefinition> variants = definition.variants();
    cumulative = cumulativeBoundaries(variants);
    variantPrefix = Hashing.utf8("variant:" + definition.salt() + ":");
    chosen = new Assignment[variants.size()];
    forced = new Assignment[variants.size()];
    clicked = new Assignment[variants.size()];
    kept = new Assignment[variants.size()];
    boolean sticky = definition.sticky();
    Assignment rollout = null;
    for (int i = 0; i < chosen.length; i++) {
      VariantDefinition variant = variants.get(i);
      chosen[i] = result(variant, false, false, false, sticky);
      forced[i] = result(variant, true, false, false, false);
      clicked[i] = result(variant, false, false, true, sticky);
      kept[i] = result(variant, false, false, false, false);
      if (variant.key().equals(definition.rollout())) {
        rollout = result(variant, false, true, false, false);
      }
    }
    rolledOut = definition.isRollingOut() ? rollout : null;
  }

  /** Exactly the spec's arithmetic: cum += weight / total * 10000, in variant order. */
  private static double[] cumulativeBoundaries(List<VariantDefinition> variants) {
    double total = 0;
    for (VariantDefinition variant : variants) {
      total += variant.weight();
    }
    double[] boundaries = new double[variants.size()];
    double cum = 0;
    for (int i = 0; i < boundaries.length; i++) {
      cum += variants.get(i).weight() / total * 10000;
      boundaries[i] = cum;
    }
    return boundaries;
  }

  private Assignment result(
      VariantDefinition variant,
      boolean isForced,
      boolean isRollout,
      boolean isAd,
      boolean toStore) {
    return new Assignment(
        definition.moment(),
        definition.key(),
        variant.key(),
        variant.payloadJson(),
        isForced,
        isRollout,
        isAd,
        toStore);
  }

  boolean containsLayer(int layerBucket) {
    for (int i = 0; i < rangeStarts.length; i++) {
      if (layerBucket >= rangeStarts[i] && layerBucket < rangeEnds[i]) {
        return true;
      }
    }
    return false;
  }

  /** For a unit whose layer bucket is in this experiment's ranges. */
  Assignment assignInRange(UnitKey unit, Map<String, ?> attributes) {
    if (!definition.targeting().matches(attributes)) {
      return null;
    }
    if (rolledOut != null) {
      return rolledOut;
    }
    int v = unit.bucket(variantPrefix);
    for (int i = 0; i < cumulative.length; i++) {
      if (v < cumulative[i]) {
        return chosen[i];
      }
    }
    return chosen[chosen.length - 1];
  }

  /**
   * The stored variant, when it is still one of this (running, sticky) experiment's variants and
   * the targeting passes; else null. Ranges are not consulted: a sticky experiment keeps its units.
   */
  Assignment storedVariant(String stored, Map<String, ?> attributes) {
    for (Assignment result : kept) {
      if (result.variant().equals(stored)) {
        return definition.targeting().matches(attributes) ? result : null;
      }
    }
    return null;
  }

  /**
   * The forced (or, for an ad click, the ad) result when text[from, to) names one of the variants,
   * else null.
   */
  Assignment namedVariant(String text, int from, int to, boolean adClick) {
    Assignment[] results = adClick ? clicked : forced;
    for (Assignment result : results) {
      String key = result.variant();
      if (key.length() == to - from && text.regionMatches(from, key, 0, key.length())) {
        return result;
      }
    }
    return null;
  }

  boolean keyEquals(String force, int from, int to) {
    String key = definition.key();
    return key.length() == to - from && force.regionMatches(from, key, 0, key.length());
  }
}
