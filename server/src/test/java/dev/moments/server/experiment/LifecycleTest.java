package dev.moments.server.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.moments.server.domain.ConflictException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  @Test
  void theLegalMoves() {
    assertEquals(Status.RUNNING, Lifecycle.start(Status.DRAFT));
    assertEquals(Status.RUNNING, Lifecycle.start(Status.PAUSED));
    assertEquals(Status.PAUSED, Lifecycle.pause(Status.RUNNING));
    assertEquals(Status.STOPPED, Lifecycle.stop(Status.RUNNING));
    assertEquals(Status.STOPPED, Lifecycle.stop(Status.PAUSED));
  }

  @Test
  void everyOtherMoveIsAConflictNamingBothStates() {
    assertIllegal(Lifecycle::start, Status.RUNNING, "running cannot become running");
    assertIllegal(Lifecycle::start, Status.STOPPED, "stopped cannot become running");
    assertIllegal(Lifecycle::pause, Status.DRAFT, "draft cannot become paused");
    assertIllegal(Lifecycle::pause, Status.PAUSED, "paused cannot become paused");
    assertIllegal(Lifecycle::pause, Status.STOPPED, "stopped cannot become paused");
    assertIllegal(Lifecycle::stop, Status.DRAFT, "draft cannot become stopped");
    assertIllegal(Lifecycle::stop, Status.STOPPED, "stopped cannot become stopped");
  }

  private static void assertIllegal(UnaryOperator<Status> move, Status from, String words) {
    ConflictException e = assertThrows(ConflictException.class, () -> move.apply(from));
    assertEquals("illegal_transition", e.code());
    assertEquals("An experiment that is " + words + ".", e.getMessage());
  }
}
