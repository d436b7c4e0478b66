package dev.moments.server.experiment;

import dev.moments.server.domain.ConflictException;

/**
 * The legal moves: draft → running ⇄ paused → stopped. Anything else is a 409 that names both
 * states.
 */
public final class Lifecycle {
  private Lifecycle() {}

  public static Status start(Status from) {
    return move(from, Status.RUNNING, from == Status.DRAFT || from == Status.PAUSED);
  }

  public static Status pause(Status from) {
    return move(from, Status.PAUSED, from == Status.RUNNING);
  }

  public static Status stop(Status from) {
    return move(from, Status.STOPPED, from == Status.RUNNING || from == Status.PAUSED);
  }

  private static Status move(Status from, Status to, boolean legal) {
    if (!legal) {
      throw new ConflictException(
          "illegal_transition",
          "An experiment that is " + from.wire() + " cannot become " + to.wire() + ".");
    }
    return to;
  }
}
