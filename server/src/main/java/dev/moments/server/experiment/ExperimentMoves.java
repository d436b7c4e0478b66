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
    return e.toBuilder()
        .status(to)
        .ranges(rollout == null ? List.of() : e.ranges())
        .retiredRanges(rollout == null ? List.of() : e.retiredRanges())
        .rollout(rollout)
        .stoppedAt(now)
        .schedule(e.schedule().withoutStop())
        .updatedAt(now)
        .build();
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
