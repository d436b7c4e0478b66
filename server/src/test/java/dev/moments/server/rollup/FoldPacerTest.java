package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The worker's pacing over time, with the clock and the machine's load moved by hand. */
class FoldPacerTest {
  private final FoldPacing pacing = new FoldPacing(0.85, 1_000, 2_000, 20_000, 50, 1_000_000);
  private long nanos = 5_000_000_000L;
  private double load;
  private final FoldPacer pacer = new FoldPacer(pacing, () -> load, () -> nanos);

  private void advanceMs(long ms) {
    nanos += TimeUnit.MILLISECONDS.toNanos(ms);
  }

  @Test
  void aNewWorkerOnACalmMachineFoldsAtFullSpeed() {
    load = 0.1;
    FoldPacer.Round round = pacer.begin(0);
    assertFalse(round.yielding());
    assertEquals(20_000, round.batch());
  }

  @Test
  void itYieldsUntilTheLoadHasStayedLowForTheCalmTime() {
    load = 0.9;
    assertTrue(pacer.begin(0).yielding());
    load = 0.2;
    advanceMs(999);
    FoldPacer.Round stillCalming = pacer.begin(0);
    assertTrue(stillCalming.yielding(), "one low reading within the calm time does not end it");
    assertEquals(2_000, stillCalming.batch());
    advanceMs(1);
    assertFalse(pacer.begin(0).yielding(), "calm for a second by the ticker");
    load = 0.95;
    advanceMs(10_000);
    assertTrue(pacer.begin(0).yielding(), "busy again");
    assertFalse(pacer.begin(1_000_000).yielding(), "a backlog past the limit ends the yielding");
  }

  @Test
  void theRestFollowsHowLongTheBatchTookByTheTicker() {
    load = 0.9;
    FoldPacer.Round yielding = pacer.begin(0);
    advanceMs(150);
    assertEquals(300, pacer.restMs(yielding, 2_000, 0, 0), "twice as long as the batch took");
    load = 0.1;
    advanceMs(5_000);
    FoldPacer.Round full = pacer.begin(0);
    advanceMs(400);
    assertEquals(0, pacer.restMs(full, 20_000, 0, 0), "a full batch is followed at once");
    assertEquals(50, pacer.restMs(full, 10, 0, 0), "otherwise after a tick");
  }

  @Test
  void aYieldingRoundThatFoundALongBacklogIsFollowedAtOnce() {
    load = 0.9;
    FoldPacer.Round first = pacer.begin(0);
    assertTrue(first.yielding(), "nothing known yet on a busy machine");
    advanceMs(21_000);
    assertEquals(0, pacer.restMs(first, 2_000, 1_000_000, 6_000));
    assertTrue(pacer.restMs(first, 2_000, 0, 0) > 0, "without what it found, it rests");
  }

  @Test
  void aBatchAtFullSpeedTakesAboutTheBatchTimeByTheBatchesBefore() {
    FoldPacer bounded =
        new FoldPacer(
            new FoldPacing(0.85, 1_000, 2_000, 20_000, 50, 2_000, 2_000, 1_000),
            () -> load,
            () -> nanos);
    load = 0.1;
    FoldPacer.Round first = bounded.begin(50_000, 3_000);
    assertEquals(20_000, first.batch(), "nothing known yet");
    advanceMs(4_000);
    assertEquals(0, bounded.restMs(first, 20_000, 50_000, 3_000), "full: followed at once");
    FoldPacer.Round second = bounded.begin(50_000, 3_000);
    assertEquals(5_000, second.batch(), "200 us an event: 5,000 in a second");
    advanceMs(500);
    assertEquals(0, bounded.restMs(second, 5_000, 45_000, 2_000), "full at its own limit");
    assertEquals(6_666, bounded.begin(45_000, 2_000).batch(), "100 us an event now: the mean");
    advanceMs(60_000);
    FoldPacer.Round slow = bounded.begin(45_000, 2_000);
    advanceMs(60_000);
    bounded.restMs(slow, 6_666, 45_000, 60_000);
    assertEquals(2_000, bounded.begin(45_000, 2_000).batch(), "never below the yielding batch");
  }

  @Test
  void aBatchTheInboxCouldNotFillLeavesTheTimePerEventAsItWas() {
    FoldPacer bounded =
        new FoldPacer(
            new FoldPacing(0.85, 1_000, 2_000, 20_000, 50, 2_000, 2_000, 1_000),
            () -> load,
            () -> nanos);
    load = 0.1;
    FoldPacer.Round small = bounded.begin(0, 0);
    advanceMs(100);
    assertEquals(50, bounded.restMs(small, 10, 0, 0));
    assertEquals(20_000, bounded.begin(0, 0).batch(), "10 events in 100 ms say nothing of 20,000");
  }
}
