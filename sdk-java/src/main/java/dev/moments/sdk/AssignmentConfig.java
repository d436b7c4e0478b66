package dev.moments.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable, precompiled SDK config: every experiment grouped by moment, moments in config
 * order. Build it once per config version and share it between threads.
 */
public final class AssignmentConfig {
  private final String version;
  private final List<String> moments;
  private final List<ExperimentDefinition> experiments;
  private final List<HoldoutDefinition> holdouts;
  private final Map<String, MomentPlan> plans;
  private final MomentPlan[] orderedPlans;
  private final boolean sticky;

  private AssignmentConfig(
      String version,
      List<String> declaredMoments,
      List<ExperimentDefinition> experiments,
      List<HoldoutDefinition> holdouts) {
    this.version = version;
    this.experiments = List.copyOf(experiments);
    this.holdouts = List.copyOf(holdouts);
    Map<String, List<CompiledExperiment>> byMoment = new LinkedHashMap<>();
    for (String moment : declaredMoments) {
      byMoment.putIfAbsent(moment, new ArrayList<>());
    }
    Set<String> keys = new HashSet<>();
    for (ExperimentDefinition experiment : this.experiments) {
      if (!keys.add(experiment.key())) {
        throw new IllegalArgumentException("duplicate experiment key \"" + experiment.key() + "\"");
      }
      byMoment
          .computeIfAbsent(experiment.moment(), m -> new ArrayList<>())
          .add(new CompiledExperiment(experiment));
    }
    List<CompiledHoldout> compiledHoldouts = new ArrayList<>();
    for (HoldoutDefinition holdout : this.holdouts) {
      if (!keys.add(holdout.key())) {
        throw new IllegalArgumentException(
            "holdout key \"" + holdout.key() + "\" is used twice or is an experiment's key");
      }
      compiledHoldouts.add(new CompiledHoldout(holdout));
      if (holdout.moments() != null) {
        holdout.moments().forEach(m -> byMoment.putIfAbsent(m, new ArrayList<>()));
      }
    }
    Map<String, MomentPlan> compiled = new LinkedHashMap<>();
    byMoment.forEach(
        (moment, list) ->
            compiled.put(
                moment,
                new MomentPlan(
                    moment,
                    list,
                    compiledHoldouts.stream().filter(h -> h.definition.covers(moment)).toList())));
    this.plans = Collections.unmodifiableMap(compiled);
    this.moments = List.copyOf(compiled.keySet());
    this.orderedPlans = compiled.values().toArray(new MomentPlan[0]);
    this.sticky = this.experiments.stream().anyMatch(ExperimentDefinition::sticky);
  }

  /** Moments are those of the experiments, in order of first appearance. */
  public static AssignmentConfig of(String version, List<ExperimentDefinition> experiments) {
    return of(version, List.of(), experiments);
  }

  /**
   * Declared moments first (in order, even without experiments), then any others the experiments
   * name.
   */
  public static AssignmentConfig of(
      String version, List<String> moments, List<ExperimentDefinition> experiments) {
    return of(version, moments, experiments, List.of());
  }

  /**
   * With holdouts: moments a holdout names are moments of the config too (a holdout exposure is
   * logged there even without experiments).
   */
  public static AssignmentConfig of(
      String version,
      List<String> moments,
      List<ExperimentDefinition> experiments,
      List<HoldoutDefinition> holdouts) {
    if (experiments == null || moments == null || holdouts == null) {
      throw new IllegalArgumentException("moments, experiments and holdouts must not be null");
    }
    return new AssignmentConfig(version, moments, experiments, holdouts);
  }

  /**
   * Parses a {@code GET /api/v1/sdk/config} body; unknown fields are ignored.
   *
   * @throws IllegalArgumentException for malformed JSON or an invalid experiment, naming the field
   */
  public static AssignmentConfig fromJson(String sdkConfigJson) {
    return ConfigParser.parse(sdkConfigJson);
  }

  /** The config version (the server's ETag); may be null for hand-built configs. */
  public String version() {
    return version;
  }

  /** Moment keys in config order (declared, then named by experiments, then by holdouts). */
  public List<String> moments() {
    return moments;
  }

  /** Every experiment, in config order. */
  public List<ExperimentDefinition> experiments() {
    return experiments;
  }

  /** Every holdout, in config order. */
  public List<HoldoutDefinition> holdouts() {
    return holdouts;
  }

  /** Whether some experiment is sticky (else a sticky store is never consulted). */
  boolean hasSticky() {
    return sticky;
  }

  /** The experiments of one moment, in config order (empty for an unknown moment). */
  public List<ExperimentDefinition> experimentsOf(String moment) {
    List<ExperimentDefinition> result = new ArrayList<>();
    for (ExperimentDefinition experiment : experiments) {
      if (experiment.moment().equals(moment)) {
        result.add(experiment);
      }
    }
    return Collections.unmodifiableList(result);
  }

  MomentPlan plan(String moment) {
    return plans.get(moment);
  }

  MomentPlan[] orderedPlans() {
    return orderedPlans;
  }
}
