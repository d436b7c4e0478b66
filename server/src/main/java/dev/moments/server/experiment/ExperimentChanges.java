package dev.moments.server.experiment;

import dev.moments.server.domain.ConflictException;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.stats.MetricType;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * Pure transformations of an experiment: creation and edits ({@link ExperimentMoves} has the
 * lifecycle moves). The caller supplies the ranges that other experiments on the same moment hold
 * (read under the moment's row lock) and the time.
 */
public final class ExperimentChanges {
  private ExperimentChanges() {}

  /** The draft as created: its rules checked, its salt and creation time set. */
  public static Experiment create(Experiment draft, String salt, Instant now) {
    ExperimentRules.checkVariants(draft.variants());
    ExperimentRules.checkControl(draft.control(), draft.variants());
    ExperimentRules.checkMetricRoles(
        draft.primaryMetric(), draft.secondaryMetrics(), draft.guardrailMetrics());
    ExperimentRules.checkCaps(
        draft.primaryMetric(), draft.secondaryMetrics(), draft.guardrailMetrics());
    MetricDefinitions.checkRatios(
        draft.primaryMetric(), draft.secondaryMetrics(), draft.guardrailMetrics());
    MetricDefinitions.checkWindows(
        draft.primaryMetric(), draft.secondaryMetrics(), draft.guardrailMetrics());
    ExperimentRules.checkFunnel(draft.funnel(), draft.metrics());
    PlanRules.checkPlannedBaseline(draft.stats(), draft.primaryMetric());
    PlanRules.checkPlanSize(draft.variants(), draft.primaryMetric(), draft.stats());
    ExperimentRules.checkTargeting(draft.targeting());
    checkAllocation(draft.allocation(), draft.variants(), draft.primaryMetric());
    Schedule schedule = ScheduleRules.forCreate(draft, now);
    return draft.toBuilder()
        .variants(startingWeights(draft.allocation(), draft.variants()))
        .status(Status.DRAFT)
        .schedule(schedule)
        .archivedAt(null)
        .salt(salt)
        .ranges(List.of())
        .rollout(null)
        .createdAt(now)
        .updatedAt(now)
        .startedAt(null)
        .stoppedAt(null)
        .build();
  }

  /** The experiment after the change, checked in the order the fields' rules depend on. */
  public static Experiment patch(
      Experiment e, ExperimentPatch changes, List<LayerRange> takenByOthers, Instant now) {
    requireNotArchived(e);
    FieldLocks.checkUnlocked(e, changes);
    ExperimentBuilder after = e.toBuilder().updatedAt(now);
    List<Variant> variants = changes.has("variants") ? changes.variants() : e.variants();
    if (changes.has("variants")) {
      ExperimentRules.checkVariants(variants);
    }
    String control = changes.has("control") ? changes.control() : e.control();
    ExperimentRules.checkControl(control, variants);
    Experiment metrics = patchMetrics(e, changes);
    Metric primary = metrics.primaryMetric();
    StatsSettings stats = patchStats(e, changes, variants, primary);
    double traffic = changes.has("trafficPercent") ? changes.trafficPercent() : e.trafficPercent();
    if (traffic != e.trafficPercent() && e.holdsRange()) {
      List<LayerRange> ranges = resize(e, traffic, takenByOthers);
      after
          .ranges(ranges)
          .retiredRanges(LayerAllocator.retired(e.ranges(), ranges, e.retiredRanges()));
    }
    JsonObject targeting = changes.has("targeting") ? changes.targeting() : e.targeting();
    ExperimentRules.checkTargeting(targeting);
    Allocation allocation = changes.has("allocation") ? changes.allocation() : e.allocation();
    checkAllocation(allocation, variants, primary);
    Boolean sticky =
        changes.has("sticky") ? changes.sticky() : changes.has("allocation") ? null : e.sticky();
    Experiment patched =
        after
            .name(changes.has("name") ? changes.name() : e.name())
            .hypothesis(changes.has("hypothesis") ? changes.hypothesis() : e.hypothesis())
            .trafficPercent(traffic)
            .variants(variants)
            .control(control)
            .primaryMetric(primary)
            .secondaryMetrics(metrics.secondaryMetrics())
            .guardrailMetrics(metrics.guardrailMetrics())
            .funnel(metrics.funnel())
            .targeting(targeting)
            .stats(stats)
            .sticky(Allocation.sticky(allocation, sticky))
            .allocation(allocation)
            .variants(e.status() == Status.DRAFT ? startingWeights(allocation, variants) : variants)
            .build();
    return patched.toBuilder().schedule(ScheduleRules.patch(patched, changes, now)).build();
  }

  /** {@code e} with the changed metrics and funnel, each checked (the funnel against them). */
  private static Experiment patchMetrics(Experiment e, ExperimentPatch changes) {
    Metric primary = changes.has("primaryMetric") ? changes.primaryMetric() : e.primaryMetric();
    List<Metric> secondary =
        changes.has("secondaryMetrics") ? changes.secondaryMetrics() : e.secondaryMetrics();
    List<Metric> guardrail =
        changes.has("guardrailMetrics") ? changes.guardrailMetrics() : e.guardrailMetrics();
    ExperimentRules.checkMetricRoles(primary, secondary, guardrail);
    ExperimentRules.checkCaps(primary, secondary, guardrail);
    MetricDefinitions.checkRatios(primary, secondary, guardrail);
    MetricDefinitions.checkWindows(primary, secondary, guardrail);
    Funnel funnel = changes.has("funnel") ? changes.funnel() : e.funnel();
    Experiment metrics =
        e.toBuilder()
            .primaryMetric(primary)
            .secondaryMetrics(secondary)
            .guardrailMetrics(guardrail)
            .build();
    FieldLocks.checkCapsUnchanged(e, metrics);
    MetricDefinitions.checkFoldDefinitionsUnchanged(e, metrics);
    ExperimentRules.checkFunnel(funnel, metrics.metrics());
    return metrics.toBuilder().funnel(funnel).build();
  }

  /** The changed stats settings, checked against the (changed) variants and primary metric. */
  private static StatsSettings patchStats(
      Experiment e, ExperimentPatch changes, List<Variant> variants, Metric primary) {
    StatsSettings stats = changes.has("stats") ? changes.stats().applyTo(e.stats()) : e.stats();
    FieldLocks.checkCovariatesUnchanged(e, stats);
    PlanRules.checkPlannedBaseline(stats, primary);
    if (changes.has("variants") || changes.has("stats") || changes.has("primaryMetric")) {
      PlanRules.checkPlanSize(variants, primary, stats);
    }
    return stats;
  }

  /**
   * A bandit's floor leaves room for every arm, and its primary metric has a posterior Thompson
   * sampling can draw from: binomial (or retention, a binomial) or mean; a ratio's per-unit mean is
   * not the ratio of sums the report compares.
   */
  private static void checkAllocation(
      Allocation allocation, List<Variant> variants, Metric primary) {
    allocation.checkArms(variants.size());
    if (allocation.isBandit() && primary.type() == MetricType.RATIO) {
      throw InvalidException.field(
          "primaryMetric",
          "A bandit's primary metric must be binomial, retention or mean; '"
              + primary.key()
              + "' is a ratio.");
    }
  }

  /** A bandit starts with equal weights, whatever the draft says: its burn-in is an even split. */
  private static List<Variant> startingWeights(Allocation allocation, List<Variant> variants) {
    return allocation.isBandit() ? BanditWeights.equal(variants) : variants;
  }

  /** An archived experiment is read-only: no edit, no lifecycle move. */
  static void requireNotArchived(Experiment e) {
    if (e.archived()) {
      throw new ConflictException(
          "archived", "Experiment '" + e.key() + "' is archived and cannot change.");
    }
  }

  private static List<LayerRange> resize(
      Experiment e, double traffic, List<LayerRange> takenByOthers) {
    try {
      return LayerAllocator.resize(
          e.ranges(), e.retiredRanges(), LayerAllocator.width(traffic), takenByOthers);
    } catch (LayerFullException full) {
      throw new ConflictException(
          "moment_full",
          "Raising traffic of '"
              + e.key()
              + "' "
              + full.getMessage()
              + " on moment '"
              + e.moment()
              + "'.");
    }
  }
}
