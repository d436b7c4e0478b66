package dev.moments.server.experiment;

import dev.moments.server.domain.ConflictException;
import java.util.List;
import java.util.Set;

/**
 * What may no longer change once an experiment has started or stopped: the fields that decide who
 * saw what, and the definitions the fold applies as events are counted (caps, CUPED's covariates).
 * Each check refuses with 409 {@code field_locked} and changes nothing.
 */
final class FieldLocks {
  /**
   * Variants and control decide who saw what; the funnel is counted as events are folded, so a new
   * one would only apply to the units folded after it (see also the caps in {@link
   * ExperimentChanges#patch}).
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

  private FieldLocks() {}

  static void checkUnlocked(Experiment e, ExperimentPatch changes) {
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
   * Caps are applied as events are folded, like the funnel: once the experiment has started, a
   * capped metric keeps its cap and no metric gains or loses one, or its rollups would mix units
   * capped one way with units capped another.
   */
  static void checkCapsUnchanged(Experiment before, Experiment after) {
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
  static void checkCovariatesUnchanged(Experiment before, StatsSettings after) {
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
}
