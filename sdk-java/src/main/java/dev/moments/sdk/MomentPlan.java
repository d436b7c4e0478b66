package dev.moments.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One moment (one layer): its experiments, ordered the way the spec decides between them. */
final class MomentPlan {
  final String moment;
  private final byte[] layerPrefix;
  private final CompiledExperiment[] running;
  private final CompiledExperiment[] candidates; // running first, then stopped with rollout

  MomentPlan(String moment, List<CompiledExperiment> experiments) {
    this.moment = moment;
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
    List<CompiledExperiment> ordered = new ArrayList<>(runningList);
    ordered.addAll(rollingOut);
    candidates = ordered.toArray(new CompiledExperiment[0]);
  }

  /** attributes must not be null. */
  Assignment assign(UnitKey unit, Map<String, ?> attributes) {
    Object force = attributes.get("force");
    if (force instanceof String forceList && running.length > 0) {
      Assignment forced = forced(forceList);
      if (forced != null) {
        return forced;
      }
    }
    if (candidates.length == 0) {
      return null;
    }
    int layer = unit.bucket(layerPrefix);
    for (CompiledExperiment experiment : candidates) {
      if (experiment.containsLayer(layer)) {
        return experiment.assignInRange(unit, attributes);
      }
    }
    return null;
  }

  /**
   * Scans "exp:variant,exp2:variant2" in place (no substrings): pairs trimmed of spaces, split at
   * the first ':'; the first pair naming a running experiment here and one of its variants wins.
   */
  private Assignment forced(String force) {
    int pairStart = 0;
    while (pairStart <= force.length()) {
      int comma = force.indexOf(',', pairStart);
      int pairEnd = comma < 0 ? force.length() : comma;
      Assignment match = forcedPair(force, pairStart, pairEnd);
      if (match != null) {
        return match;
      }
      pairStart = pairEnd + 1;
    }
    return null;
  }

  private Assignment forcedPair(String force, int from, int to) {
    while (from < to && force.charAt(from) == ' ') {
      from++;
    }
    while (to > from && force.charAt(to - 1) == ' ') {
      to--;
    }
    int colon = force.indexOf(':', from);
    if (colon < 0 || colon >= to) {
      return null;
    }
    for (CompiledExperiment experiment : running) {
      if (experiment.keyEquals(force, from, colon)) {
        return experiment.forcedVariant(force, colon + 1, to);
      }
    }
    return null;
  }
}
