package dev.moments.server.rollup;

import dev.moments.sdk.Assigner;
import dev.moments.sdk.Assignment;
import dev.moments.sdk.AssignmentConfig;
import dev.moments.sdk.BucketRange;
import dev.moments.sdk.ExperimentDefinition;
import dev.moments.sdk.HoldoutDefinition;
import dev.moments.sdk.HoldoutGroup;
import dev.moments.sdk.VariantDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Which variant a unit's hash gives in one experiment (with its weights of now and, for a sticky
 * experiment, each earlier set) or which side of one holdout: computed by the SDKs' own assignment
 * core, so the fold's idea of a plausible exposure cannot drift from what the SDKs answer. The
 * experiment is configured alone, in all of a moment's buckets: whether the unit is in its range is
 * the SDKs' concern, which variant it gets there is the fold's.
 */
final class HashedVariants {
  /**
   * How long after an exposure a set of weights may have taken effect and still have given it: a
   * client clock that runs behind ours dates its exposure before the change it saw.
   */
  static final Duration CLOCK_SLACK = Duration.ofMinutes(5);

  private static final String MOMENT = "facts";

  /** The variants of now; null when the experiment has none. */
  private final AssignmentConfig now;

  /** Each earlier set of variants, oldest first (null for an empty set). */
  private final List<AssignmentConfig> earlier;

  /** When each earlier set was replaced, oldest first; null when a time is unknown. */
  private final List<Instant> replacedAt;

  /** For a holdout, the holdout alone over every moment (its hash decides the side); else null. */
  private final AssignmentConfig holdout;

  private HashedVariants(
      AssignmentConfig now,
      List<AssignmentConfig> earlier,
      List<Instant> replacedAt,
      AssignmentConfig holdout) {
    this.now = now;
    this.earlier = Collections.unmodifiableList(earlier);
    this.replacedAt = Collections.unmodifiableList(replacedAt);
    this.holdout = holdout;
  }

  static HashedVariants experiment(
      String key,
      String salt,
      List<VariantDefinition> variants,
      List<ExperimentFacts.Replaced> replaced) {
    List<AssignmentConfig> earlier = new ArrayList<>();
    List<Instant> times = new ArrayList<>();
    for (ExperimentFacts.Replaced r : replaced) {
      earlier.add(alone(key, salt, r.variants()));
      times.add(r.at());
    }
    return new HashedVariants(alone(key, salt, variants), earlier, times, null);
  }

  static HashedVariants holdout(String key, double percent) {
    return new HashedVariants(
        null,
        new ArrayList<>(),
        new ArrayList<>(),
        AssignmentConfig.of(
            null, List.of(MOMENT), List.of(), List.of(new HoldoutDefinition(key, percent, null))));
  }

  boolean isHoldout() {
    return holdout != null;
  }

  /** The variant the unit's hash gives with the weights of now (null: no variant). */
  String variant(String unitId) {
    return variant(now, unitId);
  }

  /** The number of weight changes made at or before {@code at} (those of unknown time excluded). */
  int changesBy(Instant at) {
    int changes = 0;
    for (Instant replaced : replacedAt) {
      if (replaced != null && !replaced.isAfter(at)) {
        changes++;
      }
    }
    return changes;
  }

  /**
   * Whether the unit's hash gives this variant with the weights in effect at {@code at}, with the
   * ones just before them (a page still holding the previous config), or with weights that took
   * effect up to {@link #CLOCK_SLACK} after {@code at}; with any weights the experiment had when
   * {@code at} is null or a replacement's time is unknown. A bandit's hundreds of updates thus cost
   * a few hash checks per exposure, and a variant some old weights happened to give is not
   * plausible now. For a holdout: whether the unit's side is {@code variant}.
   */
  boolean gives(String unitId, String variant, Instant at) {
    if (holdout != null) {
      List<HoldoutGroup> side = Assigner.holdouts(holdout, MOMENT, unitId);
      return !side.isEmpty() && side.get(0).variant().equals(variant);
    }
    int n = earlier.size();
    if (at == null || replacedAt.contains(null)) {
      for (int i = 0; i <= n; i++) {
        if (variant.equals(variant(set(i), unitId))) {
          return true;
        }
      }
      return false;
    }
    int inEffect = 0;
    while (inEffect < n && !replacedAt.get(inEffect).isAfter(at)) {
      inEffect++;
    }
    Instant latest = at.plus(CLOCK_SLACK);
    for (int i = Math.max(0, inEffect - 1); i <= n; i++) {
      if (i > inEffect && replacedAt.get(i - 1).isAfter(latest)) {
        break;
      }
      if (variant.equals(variant(set(i), unitId))) {
        return true;
      }
    }
    return false;
  }

  /** Set {@code i} of the variants: the earlier ones, oldest first, then those of now. */
  private AssignmentConfig set(int i) {
    return i < earlier.size() ? earlier.get(i) : now;
  }

  private static String variant(AssignmentConfig config, String unitId) {
    Assignment a = config == null ? null : Assigner.assign(config, MOMENT, unitId, Map.of());
    return a == null ? null : a.variant();
  }

  private static AssignmentConfig alone(String key, String salt, List<VariantDefinition> variants) {
    return variants.isEmpty()
        ? null
        : AssignmentConfig.of(
            null,
            List.of(
                new ExperimentDefinition(
                    key,
                    MOMENT,
                    salt,
                    "running",
                    100,
                    List.of(new BucketRange(0, 10_000)),
                    variants,
                    null,
                    null)));
  }
}
