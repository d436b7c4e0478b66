package dev.moments.server.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.moments.server.domain.ConflictException;
import dev.moments.server.domain.InvalidException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of scheduled starts and stops and of archiving, without a database or a clock. */
class ScheduleAndArchiveTest {
  private static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");
  private static final Instant IN_1H = NOW.plusSeconds(3600);
  private static final Instant IN_2H = NOW.plusSeconds(7200);

  private static Experiment draft(Schedule schedule) {
    Experiment draft = ExperimentChangesTest.draft().toBuilder().schedule(schedule).build();
    return ExperimentChanges.create(draft, "salt", NOW);
  }

  private static Experiment patch(Experiment e, JsonObject body, Instant now) {
    return ExperimentChanges.patch(e, ExperimentJson.patch(body), List.of(), now);
  }

  private static String field(Runnable change) {
    return assertThrows(InvalidException.class, change::run).field();
  }

  @Test
  void createTakesAScheduleInTheFutureWithTheStopAfterTheStart() {
    Experiment e = draft(new Schedule(IN_1H, IN_2H, "bold", null));
    assertEquals(new Schedule(IN_1H, IN_2H, "bold", null), e.schedule());
    assertEquals("startAt", field(() -> draft(new Schedule(NOW, null, null, null))));
    assertEquals("stopAt", field(() -> draft(new Schedule(null, NOW.minusSeconds(1), null, null))));
    assertEquals("stopAt", field(() -> draft(new Schedule(IN_2H, IN_1H, null, null))));
    assertEquals("stopAt", field(() -> draft(new Schedule(IN_1H, IN_1H, null, null))));
    assertEquals("rollout", field(() -> draft(new Schedule(IN_1H, null, "bold", null))));
    assertEquals("rollout", field(() -> draft(new Schedule(null, IN_2H, "nope", null))));
  }

  @Test
  void patchChecksOnlyTheTimesItSets() {
    Experiment e = draft(new Schedule(IN_1H, null, null, null));
    // an hour and a half later the start is due; editing the name must not fail on it
    Instant later = NOW.plusSeconds(5400);
    assertEquals(IN_1H, patch(e, new JsonObject().put("name", "x"), later).schedule().startAt());
    assertEquals(
        "startAt", field(() -> patch(e, new JsonObject().put("startAt", NOW.toString()), later)));
    Experiment withStop =
        patch(e, new JsonObject().put("stopAt", IN_2H.toString()).put("rollout", "bold"), NOW);
    assertEquals(new Schedule(IN_1H, IN_2H, "bold", null), withStop.schedule());
    assertEquals(
        "stopAt",
        field(() -> patch(withStop, new JsonObject().put("startAt", IN_2H.toString()), NOW)));
    Experiment noStop = patch(withStop, new JsonObject().putNull("stopAt"), NOW);
    assertEquals(new Schedule(IN_1H, null, null, null), noStop.schedule());
    assertEquals(
        "rollout",
        field(
            () -> patch(withStop, new JsonObject().putNull("stopAt").put("rollout", "bold"), NOW)));
  }

  @Test
  void onlyADraftTakesAStartAndAStoppedExperimentNoSchedule() {
    Experiment running = ExperimentMoves.start(draft(Schedule.NONE), List.of(), NOW);
    ConflictException locked =
        assertThrows(
            ConflictException.class,
            () -> patch(running, new JsonObject().put("startAt", IN_1H.toString()), NOW));
    assertEquals("schedule_locked", locked.code());
    assertEquals(
        IN_2H,
        patch(running, new JsonObject().put("stopAt", IN_2H.toString()), NOW).schedule().stopAt());
    Experiment stopped = ExperimentMoves.stop(running, null, NOW);
    assertEquals(
        "field_locked",
        assertThrows(
                ConflictException.class,
                () -> patch(stopped, new JsonObject().put("stopAt", IN_2H.toString()), NOW))
            .code());
  }

  @Test
  void theScheduledMoveIsMadeOnlyWhenDueAndThenLeavesTheSchedule() {
    Experiment e = draft(new Schedule(IN_1H, IN_2H, "bold", null));
    assertSame(e, ExperimentMoves.runSchedule(e, List.of(), IN_1H.minusSeconds(1)));
    Experiment started = ExperimentMoves.runSchedule(e, List.of(), IN_1H);
    assertEquals(Status.RUNNING, started.status());
    assertEquals(IN_1H, started.startedAt());
    assertNull(started.schedule().startAt());
    assertSame(started, ExperimentMoves.runSchedule(started, List.of(), IN_1H.plusSeconds(1)));
    Experiment stopped = ExperimentMoves.runSchedule(started, List.of(), IN_2H);
    assertEquals(Status.STOPPED, stopped.status());
    assertEquals("bold", stopped.rollout());
    assertEquals(Schedule.NONE, stopped.schedule());
    // a paused experiment is stopped on time too
    Experiment paused = ExperimentMoves.pause(started, IN_1H.plusSeconds(60));
    assertEquals(Status.STOPPED, ExperimentMoves.runSchedule(paused, List.of(), IN_2H).status());
  }

  /**
   * The statistics end at a due stopAt however late the scheduler comes, so the stop is dated there
   * and no move may be recorded after it. A draft started after its stopAt passed (a late scheduled
   * start, or by hand) had its start recorded after the stop: the fold would have read it running
   * for ever.
   */
  @Test
  void onceTheScheduledStopIsDueTheOnlyMoveIsTheStopDatedAtIt() {
    Experiment e = draft(new Schedule(IN_1H, IN_2H, null, null));
    Experiment started = ExperimentMoves.runSchedule(e, List.of(), IN_1H);
    Instant late = IN_2H.plusSeconds(15);
    assertEquals(IN_2H, ExperimentMoves.runSchedule(started, List.of(), late).stoppedAt());
    assertEquals(IN_2H, ExperimentMoves.stop(started, null, late).stoppedAt(), "by hand");
    assertEquals(late, ExperimentMoves.stop(started, null, late).updatedAt());
    assertEquals(IN_1H, ExperimentMoves.stop(started, null, IN_1H).stoppedAt(), "before it: now");
    assertEquals(
        "schedule_locked",
        assertThrows(ConflictException.class, () -> ExperimentMoves.pause(started, late)).code());
    Experiment paused = ExperimentMoves.pause(started, IN_1H.plusSeconds(60));
    assertThrows(ConflictException.class, () -> ExperimentMoves.start(paused, List.of(), late));
    assertEquals(
        "schedule_locked",
        assertThrows(
                ConflictException.class,
                () ->
                    patch(
                        started,
                        new JsonObject().put("stopAt", late.plusSeconds(60).toString()),
                        late))
            .code());
    assertEquals(
        "schedule_locked",
        assertThrows(ConflictException.class, () -> ExperimentMoves.runSchedule(e, List.of(), late))
            .code(),
        "a start the scheduler makes after the stop passed");
  }

  @Test
  void aFailedMoveIsTakenOffWithItsReason() {
    Experiment e = draft(new Schedule(IN_1H, IN_2H, null, null));
    Experiment failed = ExperimentMoves.scheduleFailed(e, "moment full", IN_1H);
    assertEquals(new Schedule(null, IN_2H, null, "moment full"), failed.schedule());
    assertSame(failed, ExperimentMoves.scheduleFailed(failed, "again", IN_1H));
    Experiment rescheduled =
        patch(failed, new JsonObject().put("startAt", IN_2H.minusSeconds(60).toString()), IN_1H);
    assertNull(rescheduled.schedule().error());
  }

  @Test
  void onlyAStoppedExperimentIsArchivedAndThenNothingChanges() {
    Experiment running = ExperimentMoves.start(draft(Schedule.NONE), List.of(), NOW);
    assertEquals(
        "not_stopped",
        assertThrows(ConflictException.class, () -> ExperimentMoves.archive(running, NOW)).code());
    Experiment archived =
        ExperimentMoves.archive(ExperimentMoves.stop(running, "bold", NOW), IN_1H);
    assertEquals(IN_1H, archived.archivedAt());
    List<Runnable> changes =
        List.of(
            () -> ExperimentMoves.archive(archived, IN_2H),
            () -> ExperimentMoves.start(archived, List.of(), IN_2H),
            () -> ExperimentMoves.pause(archived, IN_2H),
            () -> ExperimentMoves.stop(archived, null, IN_2H),
            () -> patch(archived, new JsonObject().put("name", "renamed"), IN_2H));
    for (Runnable change : changes) {
      assertEquals("archived", assertThrows(ConflictException.class, change::run).code());
    }
  }

  @Test
  void timesAreIsoWithAnOffset() {
    assertEquals(
        Instant.parse("2026-12-01T08:00:00Z"),
        ExperimentJson.instant(
            new JsonObject().put("startAt", "2026-12-01T09:00:00+01:00"), "startAt"));
    for (String bad : List.of("2026-12-01T09:00:00", "tomorrow", "2026-12-01")) {
      assertEquals(
          "startAt",
          field(() -> ExperimentJson.instant(new JsonObject().put("startAt", bad), "startAt")));
    }
  }
}
