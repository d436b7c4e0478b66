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
    variants = variants == null ? List.of() : List.copyOf(variants);
    secondaryMetrics = secondaryMetrics == null ? List.of() : List.copyOf(secondaryMetrics);
    guardrailMetrics = guardrailMetrics == null ? List.of() : List.copyOf(guardrailMetrics);
    funnel = funnel == null ? Funnel.NONE : funnel;
    targeting = targeting == null ? null : targeting.copy();
    schedule = schedule == null ? Schedule.NONE : schedule;
    allocation = allocation == null ? Allocation.FIXED : allocation;
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

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .key(key)
        .moment(moment)
        .name(name)
        .hypothesis(hypothesis)
        .status(status)
        .salt(salt)
        .trafficPercent(trafficPercent)
        .ranges(ranges)
        .variants(variants)
        .control(control)
        .primaryMetric(primaryMetric)
        .secondaryMetrics(secondaryMetrics)
        .guardrailMetrics(guardrailMetrics)
        .funnel(funnel)
        .targeting(targeting)
        .stats(stats)
        .rollout(rollout)
        .createdAt(createdAt)
        .updatedAt(updatedAt)
        .startedAt(startedAt)
        .stoppedAt(stoppedAt)
        .schedule(schedule)
        .archivedAt(archivedAt)
        .sticky(sticky)
        .allocation(allocation);
  }

  /** Starts as a draft with all traffic, the default stats and nothing else set. */
  public static final class Builder {
    private String key;
    private String moment;
    private String name;
    private String hypothesis;
    private Status status = Status.DRAFT;
    private String salt;
    private double trafficPercent = 100;
    private List<LayerRange> ranges = List.of();
    private List<Variant> variants = List.of();
    private String control;
    private Metric primaryMetric;
    private List<Metric> secondaryMetrics = List.of();
    private List<Metric> guardrailMetrics = List.of();
    private Funnel funnel = Funnel.NONE;
    private JsonObject targeting;
    private StatsSettings stats = StatsSettings.DEFAULT;
    private String rollout;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant startedAt;
    private Instant stoppedAt;
    private Schedule schedule = Schedule.NONE;
    private Instant archivedAt;
    private boolean sticky;
    private Allocation allocation = Allocation.FIXED;

    private Builder() {}

    public Builder key(String key) {
      this.key = key;
      return this;
    }

    public Builder moment(String moment) {
      this.moment = moment;
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder hypothesis(String hypothesis) {
      this.hypothesis = hypothesis;
      return this;
    }

    public Builder status(Status status) {
      this.status = status;
      return this;
    }

    public Builder salt(String salt) {
      this.salt = salt;
      return this;
    }

    public Builder trafficPercent(double trafficPercent) {
      this.trafficPercent = trafficPercent;
      return this;
    }

    public Builder ranges(List<LayerRange> ranges) {
      this.ranges = ranges;
      return this;
    }

    public Builder variants(List<Variant> variants) {
      this.variants = variants;
      return this;
    }

    public Builder control(String control) {
      this.control = control;
      return this;
    }

    public Builder primaryMetric(Metric primaryMetric) {
      this.primaryMetric = primaryMetric;
      return this;
    }

    public Builder secondaryMetrics(List<Metric> secondaryMetrics) {
      this.secondaryMetrics = secondaryMetrics;
      return this;
    }

    public Builder guardrailMetrics(List<Metric> guardrailMetrics) {
      this.guardrailMetrics = guardrailMetrics;
      return this;
    }

    public Builder funnel(Funnel funnel) {
      this.funnel = funnel;
      return this;
    }

    public Builder targeting(JsonObject targeting) {
      this.targeting = targeting;
      return this;
    }

    public Builder stats(StatsSettings stats) {
      this.stats = stats;
      return this;
    }

    public Builder rollout(String rollout) {
      this.rollout = rollout;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    public Builder startedAt(Instant startedAt) {
      this.startedAt = startedAt;
      return this;
    }

    public Builder stoppedAt(Instant stoppedAt) {
      this.stoppedAt = stoppedAt;
      return this;
    }

    public Builder schedule(Schedule schedule) {
      this.schedule = schedule;
      return this;
    }

    public Builder archivedAt(Instant archivedAt) {
      this.archivedAt = archivedAt;
      return this;
    }

    public Builder sticky(boolean sticky) {
      this.sticky = sticky;
      return this;
    }

    public Builder allocation(Allocation allocation) {
      this.allocation = allocation;
      return this;
    }

    public Experiment build() {
      return new Experiment(
          key,
          moment,
          name,
          hypothesis,
          status,
          salt,
          trafficPercent,
          ranges,
          variants,
          control,
          primaryMetric,
          secondaryMetrics,
          guardrailMetrics,
          funnel,
          targeting,
          stats,
          rollout,
          createdAt,
          updatedAt,
          startedAt,
          stoppedAt,
          schedule,
          archivedAt,
          sticky,
          allocation);
    }
  }
}
