package dev.moments.server.experiment;

import dev.moments.server.domain.ConflictException;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.stats.MetricType;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Pure transformations of an experiment: creation, edits and lifecycle moves. The caller supplies
 * the ranges that other experiments on the same moment hold (read under the moment's row lock) and
 * the time.
 */
public final class ExperimentChanges {
  /**
   * Variants and control decide who saw what; the funnel is counted as events are folded, so a new
   * one would only apply to the units folded after it (see also the caps in {@link #patch}).
   */
  private static final Set<String> LOCKED_AFTER_DRAFT =
      Set.of("variants", "control", "funnel", "sticky", "allocation");

  private static final Set<String> LOCKED_AFTER_STOP =
      Set.of(
          "variants",
          "control",
          "sticky",
          "allocation",
          "trafficPercent",
          "targeting",
          "funnel",
          ScheduleRules.START_AT,
          ScheduleRules.STOP_AT,
          ScheduleRules.ROLLOUT);

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
    ExperimentRules.checkPlannedBaseline(draft.stats(), draft.primaryMetric());
    ExperimentRules.checkPlanSize(draft.variants(), draft.primaryMetric(), draft.stats());
    ExperimentRules.checkTargeting(draft.targeting());
    checkAllocation(draft.allocation(), draft.variants(), draft.primaryMetric());
    Schedule schedule = ScheduleRules.forCreate(draft, now);
    return draft.toBuilder()
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
    checkUnlocked(e, changes);
    Experiment.Builder after = e.toBuilder().updatedAt(now);
    List<Variant> variants = changes.has("variants") ? changes.variants() : e.variants();
    if (changes.has("variants")) {
      ExperimentRules.checkVariants(variants);
    }
    String control = changes.has("control") ? changes.control() : e.control();
    ExperimentRules.checkControl(control, variants);
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
    checkCapsUnchanged(e, metrics);
    MetricDefinitions.checkFoldDefinitionsUnchanged(e, metrics);
    ExperimentRules.checkFunnel(funnel, metrics.metrics());
    StatsSettings stats = changes.has("stats") ? changes.stats().applyTo(e.stats()) : e.stats();
    checkCovariatesUnchanged(e, stats);
    ExperimentRules.checkPlannedBaseline(stats, primary);
    if (changes.has("variants") || changes.has("stats") || changes.has("primaryMetric")) {
      ExperimentRules.checkPlanSize(variants, primary, stats);
    }
    double traffic = changes.has("trafficPercent") ? changes.trafficPercent() : e.trafficPercent();
    if (traffic != e.trafficPercent() && e.holdsRange()) {
      after.ranges(resize(e, traffic, takenByOthers));
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
            .secondaryMetrics(secondary)
            .guardrailMetrics(guardrail)
            .funnel(funnel)
            .targeting(targeting)
            .stats(stats)
            .sticky(Allocation.sticky(allocation, sticky))
            .allocation(allocation)
            .build();
    return patched.toBuilder().schedule(ScheduleRules.patch(patched, changes, now)).build();
  }

  /**
   * A sticky experiment that has started may take new weights and added variants: a unit keeps the
   * variant it was first counted in, so no one who saw a variant moves. Removing a variant (or
   * changing its kind) would, so it stays a draft-only change.
   */
  private static void checkStickyVariants(Experiment e, List<Variant> after) {
    for (Variant before : e.variants()) {
      boolean kept =
          after != null
              && after.stream()
                  .anyMatch(v -> v.key().equals(before.key()) && v.kind() == before.kind());
      if (!kept) {
        throw new ConflictException(
            "field_locked",
            "Variant '"
                + before.key()
                + "' cannot be removed or change its kind while the experiment is "
                + e.status().wire()
                + ": units counted in it keep it. A sticky experiment takes new weights and added"
                + " variants; remove a variant only from a draft.");
      }
    }
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

  /** An archived experiment is read-only: no edit, no lifecycle move. */
  private static void requireNotArchived(Experiment e) {
    if (e.archived()) {
      throw new ConflictException(
          "archived", "Experiment '" + e.key() + "' is archived and cannot change.");
    }
  }

  /**
   * Caps are applied as events are folded, like the funnel: once the experiment has started, a
   * capped metric keeps its cap and no metric gains or loses one, or its rollups would mix units
   * capped one way with units capped another.
   */
  private static void checkCapsUnchanged(Experiment before, Experiment after) {
    if (before.status() != Status.DRAFT && !before.caps().equals(after.caps())) {
      throw new ConflictException(
          "field_locked",
          "Metric caps cannot change once the experiment has started (caps now "
              + before.caps()
              + ", asked "
              + after.caps()
              + "): they are applied as events are counted.");
    }
  }

  /**
   * CUPED's covariates are summed as events are folded, like the caps: once the experiment has
   * started, its variance reduction and lookback stay, or its sums would mix two definitions of x.
   */
  private static void checkCovariatesUnchanged(Experiment before, StatsSettings after) {
    StatsSettings was = before.stats();
    if (before.status() != Status.DRAFT
        && (was.varianceReduction() != after.varianceReduction()
            || was.lookbackDays() != after.lookbackDays())) {
      throw new ConflictException(
          "field_locked",
          "stats.varianceReduction and stats.lookbackDays cannot change once the experiment has"
              + " started: the covariates are summed as events are counted.");
    }
  }

  private static void checkUnlocked(Experiment e, ExperimentPatch changes) {
    Set<String> locked =
        e.status() == Status.STOPPED
            ? LOCKED_AFTER_STOP
            : e.status() == Status.DRAFT ? Set.of() : LOCKED_AFTER_DRAFT;
    for (String field : changes.fields()) {
      if (field.equals("variants") && e.allocation().isBandit() && e.status() != Status.DRAFT) {
        throw new ConflictException(
            "field_locked",
            "'variants' cannot change while the bandit is "
                + e.status().wire()
                + ": the server sets its weights every allocation.updateEvery.");
      }
      if (field.equals("variants") && e.sticky() && e.status() != Status.STOPPED) {
        checkStickyVariants(e, changes.variants());
        continue;
      }
      if (locked.contains(field)) {
        throw new ConflictException(
            "field_locked",
            "'"
                + field
                + "' cannot change while the experiment is "
                + e.status().wire()
                + (e.status() == Status.STOPPED
                    ? "."
                    : field.equals("funnel")
                        ? ": the funnel is counted as events arrive, so a new one would not"
                            + " apply to the units already counted."
                        : ": it would move visitors who have already seen a variant."));
      }
    }
  }

  public static Experiment start(Experiment e, List<LayerRange> takenByOthers, Instant now) {
    requireNotArchived(e);
    Status to = Lifecycle.start(e.status());
    List<LayerRange> ranges = e.ranges();
    if (ranges.isEmpty()) {
      try {
        ranges = LayerAllocator.allocate(LayerAllocator.width(e.trafficPercent()), takenByOthers);
      } catch (LayerFullException full) {
        throw new ConflictException(
            "moment_full",
            "Experiment '"
                + e.key()
                + "' "
                + full.getMessage()
                + " on moment '"
                + e.moment()
                + "'; lower its trafficPercent or stop another experiment there.");
      }
    }
    return e.toBuilder()
        .status(to)
        .ranges(ranges)
        .startedAt(e.startedAt() == null ? now : e.startedAt())
        .stoppedAt(null)
        .schedule(e.schedule().withoutStart())
        .updatedAt(now)
        .build();
  }

  public static Experiment pause(Experiment e, Instant now) {
    requireNotArchived(e);
    return e.toBuilder()
        .status(Lifecycle.pause(e.status()))
        .rollout(null)
        .stoppedAt(null)
        .updatedAt(now)
        .build();
  }

  public static Experiment stop(Experiment e, String rollout, Instant now) {
    requireNotArchived(e);
    Status to = Lifecycle.stop(e.status());
    ExperimentRules.checkRollout(rollout, e);
    return e.toBuilder()
        .status(to)
        .ranges(rollout == null ? List.of() : e.ranges())
        .rollout(rollout)
        .stoppedAt(now)
        .schedule(e.schedule().withoutStop())
        .updatedAt(now)
        .build();
  }

  /** Stopped only; read-only from then on. */
  public static Experiment archive(Experiment e, Instant now) {
    requireNotArchived(e);
    if (e.status() != Status.STOPPED) {
      throw new ConflictException(
          "not_stopped",
          "Only a stopped experiment can be archived; '"
              + e.key()
              + "' is "
              + e.status().wire()
              + ".");
    }
    return e.toBuilder().archivedAt(now).updatedAt(now).build();
  }

  /**
   * The scheduled move due at {@code now}, made; the very same instance when none is due (another
   * server made it already, or the schedule changed meanwhile).
   */
  public static Experiment runSchedule(Experiment e, List<LayerRange> takenByOthers, Instant now) {
    return switch (e.schedule().due(e.status(), now)) {
      case START -> start(e, takenByOthers, now);
      case STOP -> stop(e, e.schedule().rollout(), now);
      case NOTHING -> e;
    };
  }

  /** The due move that failed is taken off the schedule, and the reason kept for the team. */
  public static Experiment scheduleFailed(Experiment e, String reason, Instant now) {
    Schedule.Due due = e.schedule().due(e.status(), now);
    if (due == Schedule.Due.NOTHING) {
      return e;
    }
    return e.toBuilder().schedule(e.schedule().failed(due, reason)).updatedAt(now).build();
  }

  private static List<LayerRange> resize(
      Experiment e, double traffic, List<LayerRange> takenByOthers) {
    try {
      return LayerAllocator.resize(e.ranges(), LayerAllocator.width(traffic), takenByOthers);
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
