package dev.moments.server.experiment;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * Builds an {@link Experiment} by name, field by field ({@link Experiment#builder()}, {@link
 * Experiment#toBuilder()}): starts as a draft with all traffic, the default stats and nothing else
 * set.
 */
public final class ExperimentBuilder {
  private String key;
  private String moment;
  private String name;
  private String hypothesis;
  private Status status = Status.DRAFT;
  private String salt;
  private double trafficPercent = 100;
  private List<LayerRange> ranges = List.of();
  private List<LayerRange> retiredRanges = List.of();
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

  ExperimentBuilder() {}

  public ExperimentBuilder key(String key) {
    this.key = key;
    return this;
  }

  public ExperimentBuilder moment(String moment) {
    this.moment = moment;
    return this;
  }

  public ExperimentBuilder name(String name) {
    this.name = name;
    return this;
  }

  public ExperimentBuilder hypothesis(String hypothesis) {
    this.hypothesis = hypothesis;
    return this;
  }

  public ExperimentBuilder status(Status status) {
    this.status = status;
    return this;
  }

  public ExperimentBuilder salt(String salt) {
    this.salt = salt;
    return this;
  }

  public ExperimentBuilder trafficPercent(double trafficPercent) {
    this.trafficPercent = trafficPercent;
    return this;
  }

  public ExperimentBuilder ranges(List<LayerRange> ranges) {
    this.ranges = ranges;
    return this;
  }

  public ExperimentBuilder retiredRanges(List<LayerRange> retiredRanges) {
    this.retiredRanges = retiredRanges;
    return this;
  }

  public ExperimentBuilder variants(List<Variant> variants) {
    this.variants = variants;
    return this;
  }

  public ExperimentBuilder control(String control) {
    this.control = control;
    return this;
  }

  public ExperimentBuilder primaryMetric(Metric primaryMetric) {
    this.primaryMetric = primaryMetric;
    return this;
  }

  public ExperimentBuilder secondaryMetrics(List<Metric> secondaryMetrics) {
    this.secondaryMetrics = secondaryMetrics;
    return this;
  }

  public ExperimentBuilder guardrailMetrics(List<Metric> guardrailMetrics) {
    this.guardrailMetrics = guardrailMetrics;
    return this;
  }

  public ExperimentBuilder funnel(Funnel funnel) {
    this.funnel = funnel;
    return this;
  }

  public ExperimentBuilder targeting(JsonObject targeting) {
    this.targeting = targeting;
    return this;
  }

  public ExperimentBuilder stats(StatsSettings stats) {
    this.stats = stats;
    return this;
  }

  public ExperimentBuilder rollout(String rollout) {
    this.rollout = rollout;
    return this;
  }

  public ExperimentBuilder createdAt(Instant createdAt) {
    this.createdAt = createdAt;
    return this;
  }

  public ExperimentBuilder updatedAt(Instant updatedAt) {
    this.updatedAt = updatedAt;
    return this;
  }

  public ExperimentBuilder startedAt(Instant startedAt) {
    this.startedAt = startedAt;
    return this;
  }

  public ExperimentBuilder stoppedAt(Instant stoppedAt) {
    this.stoppedAt = stoppedAt;
    return this;
  }

  public ExperimentBuilder schedule(Schedule schedule) {
    this.schedule = schedule;
    return this;
  }

  public ExperimentBuilder archivedAt(Instant archivedAt) {
    this.archivedAt = archivedAt;
    return this;
  }

  public ExperimentBuilder sticky(boolean sticky) {
    this.sticky = sticky;
    return this;
  }

  public ExperimentBuilder allocation(Allocation allocation) {
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
        retiredRanges,
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

  /** A builder holding every field of {@code e}. */
  static ExperimentBuilder of(Experiment e) {
    return new ExperimentBuilder()
        .key(e.key())
        .moment(e.moment())
        .name(e.name())
        .hypothesis(e.hypothesis())
        .status(e.status())
        .salt(e.salt())
        .trafficPercent(e.trafficPercent())
        .ranges(e.ranges())
        .retiredRanges(e.retiredRanges())
        .variants(e.variants())
        .control(e.control())
        .primaryMetric(e.primaryMetric())
        .secondaryMetrics(e.secondaryMetrics())
        .guardrailMetrics(e.guardrailMetrics())
        .funnel(e.funnel())
        .targeting(e.targeting())
        .stats(e.stats())
        .rollout(e.rollout())
        .createdAt(e.createdAt())
        .updatedAt(e.updatedAt())
        .startedAt(e.startedAt())
        .stoppedAt(e.stoppedAt())
        .schedule(e.schedule())
        .archivedAt(e.archivedAt())
        .sticky(e.sticky())
        .allocation(e.allocation());
  }
}
