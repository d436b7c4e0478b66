package dev.moments.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One moment (one layer): its experiments, ordered the way the spec decides between them, and the
 * holdouts that cover it.
 */
final class MomentPlan {
  final String moment;
  final CompiledHoldout[] holdouts;
  private final byte[] layerPrefix;
  private final CompiledExperiment[] running;
  private final CompiledExperiment[] runningAds;
  private final CompiledExperiment[] runningSticky;
  private final CompiledExperiment[] candidates; // running first, then stopped with rollout

  MomentPlan(String moment, List<CompiledExperiment> experiments, List<CompiledHoldout> holdouts) {
    this.moment = moment;
    this.holdouts = holdouts.toArray(new CompiledHoldout[0]);
    this.layerPrefix = Hashing.utf8("layer:" + moment + ":");
    List<CompiledExperiment> runningList = new ArrayList<>();
    List<CompiledExperiment> rollingOut = new ArrayList<>();
    for (CompiledExperiment experiment : experiments) {
      if (experiment.definition.isRunning()) {
        runningList.add(experiment);
      } else if (experiment.definition.isRollingOut()) {
        rollingOut.add(experiment);
      }
    }
    running = runningList.toArray(new CompiledExperiment[0]);
    runningAds =
        runningList.stream()
            .filter(e -> e.definition.isAdExperiment())
            .toArray(CompiledExperiment[]::new);
    runningSticky =
        runningList.stream().filter(e -> e.definition.sticky()).toArray(CompiledExperiment[]::new);
    List<CompiledExperiment> ordered = new ArrayList<>(runningList);
    ordered.addAll(rollingOut);
    candidates = ordered.toArray(new CompiledExperiment[0]);
  }

  /**
   * attributes and stored must not be null. A QA force beats a holdout, which beats an ad click,
   * which beats a stored variant, which beats the hash (spec/README.md, "deciding one moment").
   */
  Assignment assign(UnitKey unit, Map<String, ?> attributes, StickyLookup stored) {
    if (running.length > 0 && attributes.get("force") instanceof String forceList) {
      Assignment forced = named(forceList, running, false);
      if (forced != null) {
        return forced;
      }
    }
    for (CompiledHoldout holdout : holdouts) {
      if (holdout.groupOf(unit).held()) {
        return null;
      }
    }
    if (runningAds.length > 0 && attributes.get("ad") instanceof String adList) {
      Assignment clicked = named(adList, runningAds, true);
      if (clicked != null) {
        return clicked;
      }
    }
    if (candidates.length == 0) {
      return null;
    }
    // before the lookup: the unit key is per-thread scratch, and the lookup is the caller's code
    int layer = unit.bucket(layerPrefix);
    for (CompiledExperiment experiment : runningSticky) {
      String variant = stored.variant(experiment.definition.key());
      Assignment kept = variant == null ? null : experiment.storedVariant(variant, attributes);
      if (kept != null) {
        return kept;
      }
    }
    for (CompiledExperiment experiment : candidates) {
      if (experiment.containsLayer(layer)) {
        return experiment.assignInRange(unit, attributes);
      }
    }
    return null;
  }

  /**
   * Scans "exp:variant,exp2:variant2" in place (no substrings): pairs trimmed of spaces, split at
   * the first ':'; the first pair naming an experiment of {@code pool} and one of its variants
   * wins. The rule of both force (pool: running) and ad clicks (pool: running ad experiments).
   */
  private static Assignment named(String list, CompiledExperiment[] pool, boolean adClick) {
    int pairStart = 0;
    while (pairStart <= list.length()) {
      int comma = list.indexOf(',', pairStart);
      int pairEnd = comma < 0 ? list.length() : comma;
      Assignment match = namedPair(list, pairStart, pairEnd, pool, adClick);
      if (match != null) {
        return match;
      }
      pairStart = pairEnd + 1;
    }
    return null;
  }

  private static Assignment namedPair(
      String list, int from, int to, CompiledExperiment[] pool, boolean adClick) {
    while (from < to && list.charAt(from) == ' ') {
      from++;
    }
    while (to > from && list.charAt(to - 1) == ' ') {
      to--;
    }
    int colon = list.indexOf(':', from);
    if (colon < 0 || colon >= to) {
      return null;
    }
    for (CompiledExperiment experiment : pool) {
      if (experiment.keyEquals(list, from, colon)) {
        return experiment.namedVariant(list, colon + 1, to, adClick);
      }
    }
    return null;
  }
}
