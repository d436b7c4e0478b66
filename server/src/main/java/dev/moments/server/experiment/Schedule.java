package dev.moments.server.experiment;

import java.time.Instant;

/**
 * When the scheduler moves an experiment: a draft starts at {@code startAt}; a running or paused
 * one stops at {@code stopAt}, rolling out {@code rollout} (a variant, or null for none). {@code
 * error} says why the last scheduled move could not be made (the moment was full, say); setting a
 * new time clears it.
 *
 * @param startAt nullable
 * @param stopAt nullable
 * @param rollout nullable; only with {@code stopAt}
 * @param error nullable
 */
public record Schedule(Instant startAt, Instant stopAt, String rollout, String error) {
  public static final Schedule NONE = new Schedule(null, null, null, null);

  /** What the scheduler is to do with an experiment now. */
  public enum Due {
    START,
    STOP,
    NOTHING
  }

  /** The move due at {@code now} for an experiment in {@code status}. */
  public Due due(Status status, Instant now) {
    if (status == Status.DRAFT && startAt != null && !startAt.isAfter(now)) {
      return Due.START;
    }
    if ((status == Status.RUNNING || status == Status.PAUSED)
        && stopAt != null
        && !stopAt.isAfter(now)) {
      return Due.STOP;
    }
    return Due.NOTHING;
  }

  /**
   * The scheduled stop when it is due at {@code now} (the scheduler may not have made it yet), else
   * null. The statistics end there, however late the scheduler comes: what is dated from it on is
   * after the stop.
   */
  public Instant dueStop(Status status, Instant now) {
    return due(status, now) == Due.STOP ? stopAt : null;
  }

  public Schedule withoutStart() {
    return new Schedule(null, stopAt, rollout, null);
  }

  public Schedule withoutStop() {
    return new Schedule(startAt, null, null, null);
  }

  public Schedule failed(Due move, String reason) {
    Schedule cleared = move == Due.START ? withoutStart() : withoutStop();
    return new Schedule(cleared.startAt, cleared.stopAt, cleared.rollout, reason);
  }
}
