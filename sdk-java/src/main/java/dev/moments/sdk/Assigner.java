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
    MomentPlan plan = config.plan(moment);
    UnitKey unit = plan == null ? null : UnitKey.of(unitId);
    return unit == null ? null : plan.assign(unit, attributes == null ? Map.of() : attributes);
  }

  /**
   * The unit's assignments in every moment that gives one, in config order; empty for an invalid
   * id.
   */
  public static List<Assignment> assignAll(
      AssignmentConfig config, String unitId, Map<String, ?> attributes) {
    List<Assignment> result = new ArrayList<>();
    UnitKey unit = UnitKey.of(unitId);
    if (unit == null) {
      return result;
    }
    Map<String, ?> attrs = attributes == null ? Map.of() : attributes;
    for (MomentPlan plan : config.orderedPlans()) {
      Assignment assignment = plan.assign(unit, attrs);
      if (assignment != null) {
        result.add(assignment);
      }
    }
    return result;
  }
}
