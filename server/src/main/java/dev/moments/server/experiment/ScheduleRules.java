package dev.moments.server.experiment;

import dev.moments.server.domain.ConflictException;
import dev.moments.server.domain.InvalidException;
import java.time.Instant;

/**
 * The rules of a schedule as create or PATCH sets it: a start only for a draft, times in the
 * future, the stop after the start, and a rollout only with a stop and naming a variant. Only the
 * times a request sets are checked against the clock, so a PATCH of the name never fails because a
 * start the scheduler is about to make has just come due.
 */
final class ScheduleRules {
  static final String START_AT = "startAt";
  static final String STOP_AT = "stopAt";
  static final String ROLLOUT = "rollout";

  private ScheduleRules() {}

  /** The schedule of a new draft. */
  static Schedule forCreate(Experiment draft, Instant now) {
    Schedule s = draft.schedule();
    return check(draft, Schedule.NONE, s, s.startAt() != null, s.stopAt() != null, now);
  }

  /**
   * The schedule after a PATCH.
   *
   * @param after the experiment with the patch's other fields applied (its variants decide whether
   *     the rollout is one)
   */
  static Schedule patch(Experiment after, ExperimentPatch changes, Instant now) {
    Schedule old = after.schedule();
    boolean startSet = changes.has(START_AT);
    boolean stopSet = changes.has(STOP_AT);
    boolean rolloutSet = changes.has(ROLLOUT);
    if (!startSet && !stopSet && !rolloutSet) {
      return old;
    }
    Instant due = old.dueStop(after.status(), now);
    if (stopSet && due != null) {
      throw new ConflictException(
          "schedule_locked",
          "The scheduled stop of experiment '"
              + after.key()
              + "' at "
              + due
              + " is due (its statistics end there); it can no longer be moved or cleared.");
    }
    Instant stopAt = stopSet ? changes.stopAt() : old.stopAt();
    String rollout = rolloutSet ? changes.stopRollout() : old.rollout();
    if (stopAt == null && !rolloutSet) {
      rollout = null; // clearing the stop clears what it would have rolled out
    }
    Schedule proposed =
        new Schedule(startSet ? changes.startAt() : old.startAt(), stopAt, rollout, null);
    return check(after, old, proposed, startSet, stopSet, now);
  }

  private static Schedule check(
      Experiment e, Schedule old, Schedule s, boolean startSet, boolean stopSet, Instant now) {
    if (startSet && s.startAt() != null) {
      if (e.status() != Status.DRAFT) {
        throw new ConflictException(
            "schedule_locked",
            "startAt schedules the start of a draft; experiment '"
                + e.key()
                + "' is "
                + e.status().wire()
                + ".");
      }
      requireFuture(START_AT, s.startAt(), now);
    }
    if (stopSet && s.stopAt() != null) {
      requireFuture(STOP_AT, s.stopAt(), now);
    }
    if ((startSet || stopSet)
        && s.startAt() != null
        && s.stopAt() != null
        && !s.stopAt().isAfter(s.startAt())) {
      throw InvalidException.field(
          STOP_AT, "stopAt (" + s.stopAt() + ") must come after startAt (" + s.startAt() + ").");
    }
    if (s.rollout() != null && s.stopAt() == null) {
      throw InvalidException.field(
          ROLLOUT, "rollout names the variant the scheduled stop rolls out; set stopAt with it.");
    }
    ExperimentRules.checkRollout(s.rollout(), e);
    return s.equals(old) ? old : s;
  }

  private static void requireFuture(String field, Instant at, Instant now) {
    if (!at.isAfter(now)) {
      throw InvalidException.field(
          field, field + " must be in the future: " + at + " is not after " + now + ".");
    }
  }
}
