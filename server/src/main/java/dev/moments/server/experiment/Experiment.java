package dev.moments.server.experiment;

import dev.moments.server.stats.MetricType;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An experiment, parsed once at the edge into typed values. Changes go through {@link #toBuilder()}
 * so that none rebuilds the twenty fields positionally. Targeting stays JSON: it is a tree the
 * SDKs' own parser reads, which {@link ExperimentRules#checkTargeting} runs on it.
 *
 * @param hypothesis nullable
 * @param salt null until created
 * @param ranges the moment's buckets the experiment holds; empty unless it {@link #holdsRange()}
 * @param retiredRanges buckets it gave up by lowering its traffic while it held a range: no other
 *     experiment of the moment takes them until it stops ({@link LayerAllocator}); no unit is in
 *     them
 * @param funnel the declared funnel, {@link Funnel#NONE} when there is none
 * @param targeting nullable: everyone
 * @param rollout the variant every unit of the moment gets after a stop, or null
 * @param schedule when the scheduler starts or stops it; never null ({@link Schedule#NONE})
 * @param archivedAt when a stopped experiment was archived (read-only from then on), or null
 * @param sticky a unit keeps the variant it was first counted in although weights or variants
 *     change later; so a running sticky experiment takes new weights and added variants
 * @param allocation fixed weights, or a bandit's (whose weights the server sets once it started);
 *     never null ({@link Allocation#FIXED})
 */
public record Experiment(
    String key,
    String moment,
    String name,
    String hypothesis,
    Status status,
    String salt,
    double trafficPercent,
    List<LayerRange> ranges,
    List<LayerRange> retiredRanges,
    List<Variant> variants,
    String control,
    Metric primaryMetric,
    List<Metric> secondaryMetrics,
    List<Metric> guardrailMetrics,
    Funnel funnel,
    JsonObject targeting,
    StatsSettings stats,
    String rollout,
    Instant createdAt,
    Instant updatedAt,
    Instant startedAt,
    Instant stoppedAt,
    Schedule schedule,
    Instant archivedAt,
    boolean sticky,
    Allocation allocation) {

  public Experiment {
    Objects.requireNonNull(key, "experiment key");
    Objects.requireNonNull(status, "status of experiment " + key);
    Objects.requireNonNull(primaryMetric, "primary metric of experiment " + key);
    Objects.requireNonNull(stats, "stats of experiment " + key);
    ranges = ranges == null ? List.of() : List.copyOf(ranges);
    retiredRanges = retiredRanges == null ? List.of() : List.copyOf(retiredRanges);
    variants = variants == null ? List.of() : List.copyOf(variants);
    secondaryMetrics = secondaryMetrics == null ? List.of() : List.copyOf(secondaryMetrics);
    guardrailMetrics = guardrailMetrics == null ? List.of() : List.copyOf(guardrailMetrics);
    funnel = funnel == null ? Funnel.NONE : funnel;
    targeting = targeting == null ? null : targeting.copy();
    schedule = schedule == null ? Schedule.NONE : schedule;
    allocation = allocation == null ? Allocation.FIXED : allocation;
  }

  /**
   * What the experiment keeps other experiments of its moment out of: its ranges and retired ones.
   */
  public List<LayerRange> heldRanges() {
    if (!holdsRange()) {
      return List.of();
    }
    List<LayerRange> held = new ArrayList<>(ranges);
    held.addAll(retiredRanges);
    return held;
  }

  public boolean archived() {
    return archivedAt != null;
  }

  public boolean hasVariant(String variantKey) {
    return variants.stream().anyMatch(v -> v.key().equals(variantKey));
  }

  /** Holds layer buckets: running, paused (so resuming moves nobody) or rolled out. */
  public boolean holdsRange() {
    return status == Status.RUNNING
        || status == Status.PAUSED
        || (status == Status.STOPPED && rollout != null);
  }

  /**
   * Every variant is an ad: the ad platform randomises it, and an ad click names its variant
   * (DOMAIN.md, "What counts"; the SDKs' rule in spec/README.md).
   */
  public boolean isAdExperiment() {
    return !variants.isEmpty() && variants.stream().allMatch(v -> v.kind() == Variant.Kind.AD);
  }

  /** Every metric the experiment declares: the primary, then secondary, then guardrail ones. */
  public List<Metric> metrics() {
    List<Metric> all = new ArrayList<>();
    all.add(primaryMetric);
    all.addAll(secondaryMetrics);
    all.addAll(guardrailMetrics);
    return all;
  }

  /** The cap of each capped metric, by key: what the fold winsorises each unit's total at. */
  public Map<String, Double> caps() {
    Map<String, Double> caps = new LinkedHashMap<>();
    metrics().stream().filter(m -> m.cap() != null).forEach(m -> caps.put(m.key(), m.cap()));
    return caps;
  }

  /**
   * Each ratio metric's numerator and denominator event keys, by the ratio's key: what the fold
   * sums per unit for it.
   */
  public Map<String, List<String>> ratios() {
    Map<String, List<String>> ratios = new LinkedHashMap<>();
    metrics().stream()
        .filter(m -> m.type() == MetricType.RATIO)
        .forEach(m -> ratios.put(m.key(), List.of(m.numerator(), m.denominator())));
    return ratios;
  }

  /** Each windowed metric's window, by metric key: which conversions the fold credits to it. */
  public Map<String, MetricWindow> windows() {
    Map<String, MetricWindow> windows = new LinkedHashMap<>();
    metrics().stream()
        .filter(m -> m.window() != null)
        .forEach(m -> windows.put(m.key(), m.window()));
    return windows;
  }

  public static ExperimentBuilder builder() {
    return new ExperimentBuilder();
  }

  public ExperimentBuilder toBuilder() {
    return ExperimentBuilder.of(this);
  }
}
