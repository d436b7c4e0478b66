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
}
