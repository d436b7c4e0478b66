package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FoldPacingTest {
  private final FoldPacing pacing = new FoldPacing(0.85, 1_000, 2_000, 20_000, 50, 1_000_000);

  @Test
  void yieldsUntilTheLoadHasStayedLowForTheCalmTimeAndWhileTheBacklogIsBounded() {
    assertTrue(pacing.busy(0.85));
    assertFalse(pacing.busy(0.84));
    assertFalse(pacing.busy(-1), "an unknown load counts as idle");
    assertTrue(pacing.yields(0, 0));
    assertTrue(
        pacing.yields(999, 999_999),
        "one low reading within the calm time does not end the yielding");
    assertFalse(pacing.yields(1_000, 0), "a machine calm for a second folds at full speed");
    assertFalse(
        pacing.yields(0, 1_000_000), "past the lag limit the requests must wait for the fold");
  }

  @Test
  void aReportLagPastTwoSecondsEndsTheYieldingOnABusyMachine() {
    FoldPacing defaults = FoldPacing.DEFAULT;
    assertTrue(defaults.yields(0, 1_000, 1_999));
    assertFalse(
        defaults.yields(0, 1_000, 2_000),
        "reports 2 s behind: fold at full speed even though the machine is busy");
    assertTrue(pacing.yields(0, 10_000, 60_000), "no time limit unless one is set");
  }

  @Test
  void aBusyMachineGetsNoYieldOnceMoreEventsWaitThanOneYieldingBatchFolds() {
    // the busy-ness is most often the ingest the fold must keep up with: yielding to it then only
    // postpones the work while the reports fall behind (issue 19.3)
    FoldPacing defaults = FoldPacing.DEFAULT;
    assertTrue(defaults.yields(0, defaults.busyBatch() - 1, 0), "keeping up at the yielding pace");
    assertFalse(
        defaults.yields(0, defaults.busyBatch(), 0),
        "a batch found a yielding batch's worth waiting: fold at full speed");
    assertFalse(defaults.yields(0, 15_000, 100), "one second of 15,000 events/s waits");
  }

  @Test
  void aYieldingWorkerFoldsSmallBatchesAndRestsTwiceAsLongAsEachTook() {
    assertEquals(2_000, pacing.batch(true));
    assertEquals(300, pacing.restMs(true, 2_000, 150, 0, 0));
    assertEquals(50, pacing.restMs(true, 10, 3, 0, 0), "never sooner than the tick");
  }

  @Test
  void aYieldingBatchThatFoundTheBacklogPastALimitDoesNotRest() {
    // a worker's first batch on a cold JVM (issue 19.3): it yielded, as nothing was known yet,
    // found 7,300 events waiting for 6 s and took 21 s; it rested 42 s while the backlog grew
    FoldPacing defaults = FoldPacing.DEFAULT;
    assertEquals(0, defaults.restMs(true, 2_000, 20_971, 7_300, 6_024));
    assertEquals(0, defaults.restMs(true, 2_000, 150, 2_000, 0), "past the events' limit");
    assertEquals(0, defaults.restMs(true, 2_000, 150, 10, 2_000), "past the lag's limit");
    assertEquals(50, defaults.restMs(true, 1_500, 150, 7_300, 0), "what it read was all");
  }

  @Test
  void noRestIsLongerThanAQuarterOfTheLagLimit() {
    FoldPacing defaults = FoldPacing.DEFAULT;
    assertEquals(500, defaults.restMs(true, 2_000, 20_971, 100, 100));
    assertEquals(300, defaults.restMs(true, 2_000, 150, 100, 100), "twice a short batch");
  }

  @Test
  void anIdleWorkerFollowsAFullBatchAtOnceAndOtherwiseWaitsATick() {
    assertEquals(20_000, pacing.batch(false));
    assertEquals(0, pacing.restMs(false, 20_000, 400, 0, 0));
    assertEquals(50, pacing.restMs(false, 19_999, 400, 0, 0));
    assertEquals(50, pacing.restMs(false, 0, 1, 0, 0));
  }

  @Test
  void badSettingsNameTheValue() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new FoldPacing(0, 0, 1, 1, 1, 0))
            .getMessage()
            .contains("busyCpu 0.0"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new FoldPacing(0.5, 0, 10, 5, 1, 0))
            .getMessage()
            .contains("busyBatch (10) <= idleBatch (5)"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new FoldPacing(0.5, 0, 1, 1, 0, 0))
            .getMessage()
            .contains("tickMs 0"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new FoldPacing(0.5, -1, 1, 1, 1, 0))
            .getMessage()
            .contains("calmMs -1"));
  }
}
