package dev.moments.server.rollup;

import dev.moments.sdk.VariantDefinition;
import dev.moments.server.events.Exclusion;
import dev.moments.server.experiment.Variant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the fold needs to know about an experiment to decide whether an event counts: its running
 * periods (from the status history), its variants (the unit's hash decides between them) and its
 * fold rules (declared funnel, caps). Loaded with each batch in the batch's snapshot. The history
 * only ever grows after the events already folded (a status change is stamped after the folders'
 * lock, see {@code ExperimentStore}), so a later rebuild reaches the same verdicts.
 *
 * @param variants in declaration order, as they are now; their weights and kinds are fixed once a
 *     non-sticky experiment left draft, and a draft's events are all before its start
 * @param earlier the variants a started sticky experiment had before each change of weights or
 *     added variant (oldest first), with when they were replaced; empty for every other experiment
 * @param history status changes in the order they happened: each status from its time on
 * @param rules the declared funnel and the metric caps
 */
final class ExperimentFacts {
  /** From {@code at} on, the experiment was {@code status} (draft, running, paused, stopped). */
  record Transition(String status, Instant at) {}

  /**
   * A set of variants a sticky experiment had until {@code at} (null: unknown, then any earlier set
   * makes an exposure plausible, as before the time was kept).
   */
  record Replaced(List<VariantDefinition> variants, Instant at) {}

  /** See {@link HashedVariants#CLOCK_SLACK}. */
  static final java.time.Duration CLOCK_SLACK = HashedVariants.CLOCK_SLACK;

  private final String key;
  private final List<VariantDefinition> variants;
  private final List<Transition> history;
  private final FoldRules rules;
  private final HashedVariants hashes;

  /**
   * Whether the fold keeps the unit's weight period ({@link RollupRow#PERIOD}): a sticky
   * experiment, whose weights may change while it runs (a bandit is one).
   */
  private boolean keepsPeriods;

  ExperimentFacts(
      String key,
      String salt,
      List<VariantDefinition> variants,
      List<Transition> history,
      FoldRules rules) {
    this(key, salt, variants, List.of(), history, rules);
  }

  ExperimentFacts(
      String key,
      String salt,
      List<VariantDefinition> variants,
      List<List<VariantDefinition>> earlier,
      List<Transition> history,
      FoldRules rules) {
    this(
        key,
        salt,
        variants,
        history,
        rules,
        earlier.stream().map(v -> new Replaced(v, null)).toList());
  }

  /** With the earlier sets of variants and when each was replaced (oldest first). */
  static ExperimentFacts replaced(
      String key,
      String salt,
      List<VariantDefinition> variants,
      List<Replaced> earlier,
      List<Transition> history,
      FoldRules rules) {
    return new ExperimentFacts(key, salt, variants, history, rules, earlier);
  }

  private ExperimentFacts(
      String key,
      String salt,
      List<VariantDefinition> variants,
      List<Transition> history,
      FoldRules rules,
      List<Replaced> earlier) {
    this.key = Objects.requireNonNull(key, "key");
    this.variants = List.copyOf(variants);
    this.history = List.copyOf(history);
    this.rules = Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(salt, "salt of " + key);
    this.hashes = HashedVariants.experiment(key, salt, variants, earlier);
  }

  private ExperimentFacts(String key, double percent, List<Transition> history) {
    this.key = key;
    this.variants =
        List.of(
            new VariantDefinition(HOLDOUT, percent, null),
            new VariantDefinition(EXPOSED, 100 - percent, null));
    this.history = List.copyOf(history);
    this.rules = FoldRules.NONE;
    this.hashes = HashedVariants.holdout(key, percent);
  }

  /**
   * A holdout as the fold sees it (spec/README.md, "Holdouts"): two sides, {@code holdout} and
   * {@code exposed}, the unit's hash deciding which; running from its creation until it ended.
   */
  static ExperimentFacts holdout(String key, double percent, Instant createdAt, Instant endedAt) {
    List<Transition> history = new ArrayList<>();
    history.add(new Transition("running", createdAt));
    if (endedAt != null) {
      history.add(new Transition("stopped", endedAt));
    }
    return new ExperimentFacts(key, percent, history);
  }

  static final String HOLDOUT = "holdout";
  static final String EXPOSED = "exposed";

  /** Whether these are a holdout's facts: only holdout exposures count in it, and only there. */
  boolean isHoldout() {
    return hashes.isHoldout();
  }

  String key() {
    return key;
  }

  /** These facts with {@link #periodOf} kept (a sticky experiment); returns them. */
  ExperimentFacts keepingPeriods(boolean sticky) {
    this.keepsPeriods = sticky && !hashes.isHoldout();
    return this;
  }

  /**
   * The weight period a unit first exposed at {@code firstAt} entered in, as the rollups' {@link
   * RollupRow#PERIOD} value: the number of weight changes made at or before it (0 the weights the
   * experiment started with), so the set of variants then in effect; null when the experiment keeps
   * no periods. A function of the exposure's time and the history alone, so a unit whose exposure
   * was folded before a later change was known gets the period a rebuild gives it (a change is
   * stamped after the folders' lock, {@code ExperimentStore}: every exposure folded without it was
   * stored, and so timed by a server, before it).
   */
  String periodOf(Instant firstAt) {
    if (!keepsPeriods) {
      return null;
    }
    return Integer.toString(hashes.changesBy(firstAt));
  }

  FoldRules rules() {
    return rules;
  }

  List<Transition> history() {
    return history;
  }

  /**
   * Why an event dated {@code at} falls outside the running periods, or null inside one. A moment
   * exactly at a change belongs to the new status.
   */
  Exclusion outsideRunning(Instant at) {
    String status = null;
    boolean started = false;
    for (Transition t : history) {
      if (t.at().isAfter(at)) {
        break;
      }
      status = t.status();
      started |= status.equals("running");
    }
    if (!started) {
      return Exclusion.BEFORE_START;
    }
    return switch (status) {
      case "running" -> null;
      case "paused" -> Exclusion.WHILE_PAUSED;
      default -> Exclusion.AFTER_STOP;
    };
  }

  /** Asked for every exposure folded: a loop, as a stream took 2 % of the fold's CPU. */
  boolean hasVariant(String variant) {
    for (VariantDefinition v : variants) {
      if (v.key().equals(variant)) {
        return true;
      }
    }
    return false;
  }

  /** Every variant is an ad: the ad platform randomises it, and an ad click names its variant. */
  boolean isAdExperiment() {
    return !variants.isEmpty()
        && variants.stream().allMatch(v -> Variant.Kind.AD.wire().equals(v.kind()));
  }

  /**
   * The variant the unit's hash gives with these weights: what every SDK and /assign answer a unit
   * in the experiment's range. Computed by the SDKs' own core, so it cannot drift from them.
   */
  String hashVariant(String unitId) {
    return hashes.variant(unitId);
  }

  /**
   * Whether the unit's hash gives this variant with the current weights or, for a sticky
   * experiment, with any set of variants it had before: a unit keeps the variant it got then.
   */
  boolean hashGives(String unitId, String variant) {
    return hashGives(unitId, variant, null);
  }

  /**
   * {@link HashedVariants#gives}: plausible with the weights in effect around {@code at}. A sticky
   * unit's later exposures keep their first variant whatever the weights of then: {@link
   * Verdicts#isRepeat} lets those pass.
   */
  boolean hashGives(String unitId, String variant, Instant at) {
    return hashes.gives(unitId, variant, at);
  }
}
