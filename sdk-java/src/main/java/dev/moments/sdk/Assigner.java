package dev.moments.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Deterministic local assignment (spec/README.md): the same inputs give the same variant
 * everywhere.
 */
public final class Assigner {
  private Assigner() {}

  /**
   * The unit's assignment in one moment, or null when it is in no experiment there (also for an
   * invalid unit id or an unknown moment). {@code attributes} may be null.
   */
  public static Assignment assign(
      AssignmentConfig config, String moment, String unitId, Map<String, ?> attributes) {
    return assign(config, moment, unitId, attributes, StickyLookup.NONE);
  }

  /**
   * The same with the unit's sticky entries as an input (spec/README.md, "Sticky bucketing"): a
   * running sticky experiment keeps the variant {@code stored} names for it. When the result's
   * {@link Assignment#store()} is true, the caller stores (experiment, variant) for the unit.
   * {@code stored} may be null (nothing stored) and must not throw.
   */
  public static Assignment assign(
      AssignmentConfig config,
      String moment,
      String unitId,
      Map<String, ?> attributes,
      StickyLookup stored) {
    MomentPlan plan = config.plan(moment);
    UnitKey unit = plan == null ? null : UnitKey.of(unitId);
    return unit == null
        ? null
        : plan.assign(
            unit,
            attributes == null ? Map.of() : attributes,
            stored == null ? StickyLookup.NONE : stored);
  }

  /**
   * The holdouts covering {@code moment} and the unit's side of each, in config order: what a
   * client logs as holdout exposures when the unit reaches the moment (unless a force decided it).
   * Empty for an invalid unit id, an unknown moment or a moment no holdout covers.
   */
  public static List<HoldoutGroup> holdouts(AssignmentConfig config, String moment, String unitId) {
    MomentPlan plan = config.plan(moment);
    UnitKey unit = plan == null || plan.holdouts.length == 0 ? null : UnitKey.of(unitId);
    if (unit == null) {
      return List.of();
    }
    List<HoldoutGroup> groups = new ArrayList<>(plan.holdouts.length);
    for (CompiledHoldout holdout : plan.holdouts) {
      groups.add(holdout.groupOf(unit));
    }
    return groups;
  }

  /**
   * The unit's assignments in every moment that gives one, in config order; empty for an invalid
   * id.
   */
  public static List<Assignment> assignAll(
      AssignmentConfig config, String unitId, Map<String, ?> attributes) {
    return assignAll(config, unitId, attributes, StickyLookup.NONE);
  }

  /** {@link #assignAll(AssignmentConfig, String, Map)} with the unit's sticky entries. */
  public static List<Assignment> assignAll(
      AssignmentConfig config, String unitId, Map<String, ?> attributes, StickyLookup stored) {
    List<Assignment> result = new ArrayList<>();
    UnitKey unit = UnitKey.of(unitId);
    if (unit == null) {
      return result;
    }
    Map<String, ?> attrs = attributes == null ? Map.of() : attributes;
    StickyLookup lookup = stored == null ? StickyLookup.NONE : stored;
    for (MomentPlan plan : config.orderedPlans()) {
      Assignment assignment = plan.assign(unit, attrs, lookup);
      if (assignment != null) {
        result.add(assignment);
      }
    }
    return result;
  }
}
