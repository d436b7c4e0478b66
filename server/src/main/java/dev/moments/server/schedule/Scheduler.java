package dev.moments.server.schedule;

import dev.moments.server.auth.Caller;
import dev.moments.server.domain.ConflictException;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.domain.NotFoundException;
import dev.moments.server.store.ExperimentStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts drafts at their {@code startAt} and stops experiments at their {@code stopAt} (rolling out
 * the scheduled variant), as the system actor {@value #ACTOR_NAME}. Every server runs one; each
 * move is made under the experiment's row lock by whichever server gets there first, and the others
 * find it no longer due. A move that cannot be made (the moment is full) is taken off the schedule
 * with its reason, which the experiment then shows as {@code scheduleError}.
 */
public final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  public static final String ACTOR_NAME = "scheduler";
  static final Caller ACTOR = Caller.system(ACTOR_NAME);
  private final ExperimentStore experiments;
  private final Clock clock;

  /**
   * @param clock the same clock as {@code experiments}', which decides under the lock whether the
   *     move is still due
   */
  public Scheduler(ExperimentStore experiments, Clock clock) {
    this.experiments = experiments;
    this.clock = clock;
  }

  /** One round: every move due now, one experiment after the other. */
  public Future<Void> round() {
    return experiments.dueSchedules(clock.instant()).compose(this::runEach);
  }

  private Future<Void> runEach(List<String> keys) {
    Future<Void> chain = Future.succeededFuture();
    for (String key : keys) {
      chain = chain.compose(v -> run(key));
    }
    return chain;
  }

  private Future<Void> run(String key) {
    return experiments
        .runSchedule(ACTOR, key)
        .<Void>mapEmpty()
        .recover(
            failure -> {
              if (failure instanceof NotFoundException) {
                return Future.succeededFuture();
              }
              if (failure instanceof ConflictException || failure instanceof InvalidException) {
                LOG.warn(
                    "The scheduled move of experiment '{}' failed: {}", key, failure.getMessage());
                return experiments.scheduleFailed(ACTOR, key, failure.getMessage()).mapEmpty();
              }
              return Future.failedFuture(failure);
            });
  }
}
