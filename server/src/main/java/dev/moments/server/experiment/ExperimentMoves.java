package dev.moments.server.experiment;

import dev.moments.server.domain.ConflictException;
import java.time.Instant;
import java.util.List;

/**
 * Pure lifecycle moves of an experiment: start, pause, stop, archive and the scheduled ones. The
 * caller supplies the ranges that other experiments on the same moment hold (read under the
 * moment's row lock) and the time.
 */
public final class ExperimentMoves {
  private ExperimentMoves() {}

  public static Experiment start(Experiment e, List<LayerRange> takenByOthers, Instant now) {
    ExperimentChanges.requireNotArchived(e);
    requireStopAhead(e, now);
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
    ExperimentChanges.requireNotArchived(e);
    requireNoDueStop(e, "paused", now);
    return e.toBuilder()
        .status(Lifecycle.pause(e.status()))
        .rollout(null)
        .stoppedAt(null)
        .updatedAt(now)
        .build();
  }

  public static Experiment stop(Experiment e, String rollout, Instant now) {
    ExperimentChanges.requireNotArchived(e);
    Status to = Lifecycle.stop(e.status());
    ExperimentRules.checkRollout(rollout, e);
    Instant due = e.schedule().dueStop(e.status(), now);
    return e.toBuilder()
        .status(to)
        .ranges(rollout == null ? List.of() : e.ranges())
        .retiredRanges(rollout == null ? List.of() : e.retiredRanges())
        .rollout(rollout)
        // a stop made once the scheduled one is due (by the scheduler, late by up to its interval,
        // or by hand) is the scheduled one: the statistics already end there
        .stoppedAt(due != null ? due : now)
        .schedule(e.schedule().withoutStop())
        .updatedAt(now)
        .build();
  }

  /**
   * Once its scheduled stop is due, an experiment's statistics end there (the fold leaves out what
   * is dated later), so the only move left is the stop: a resume or a pause recorded after it would
   * give those statistics a status they do not have.
   */
  private static void requireNoDueStop(Experiment e, String verb, Instant now) {
    Instant due = e.schedule().dueStop(e.status(), now);
    if (due != null) {
      throw new ConflictException(
          "schedule_locked",
          "Experiment '"
              + e.key()
              + "' cannot be "
              + verb
              + ": its scheduled stop at "
              + due
              + " is due, and the scheduler is about to make it; stop it.");
    }
  }

  /**
   * A start or resume under a scheduled stop that has passed would be recorded after the stop,
   * which the fold already reads at {@code stopAt}: the experiment would then count as running for
   * ever. A draft's passed stop can be moved or cleared first (a late scheduled start is then taken
   * off).
   */
  private static void requireStopAhead(Experiment e, Instant now) {
    Instant stopAt = e.schedule().stopAt();
    if (stopAt != null && !stopAt.isAfter(now)) {
      throw new ConflictException(
          "schedule_locked",
          "Experiment '"
              + e.key()
              + "' cannot be started or resumed: its scheduled stop at "
              + stopAt
              + " has passed"
              + (e.status() == Status.DRAFT ? "; move or clear stopAt first." : "; stop it."));
    }
  }

  /** Stopped only; read-only from then on. */
  public static Experiment archive(Experiment e, Instant now) {
    ExperimentChanges.requireNotArchived(e);
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
}
