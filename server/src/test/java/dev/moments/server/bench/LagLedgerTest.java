package dev.moments.server.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LagLedgerTest {
  @Test
  void anEventsLagEndsAtTheFirstPollWhoseWatermarkPassesIt() {
    LagLedger ledger = new LagLedger();
    ledger.ack(1_000, 100);
    ledger.ack(2_100, 1);
    ledger.poll(1_500, 1_600, 900); // before the first ack's time: not yet
    ledger.poll(2_400, 2_500, 1_200); // passes the first ack only
    ledger.poll(3_000, 3_300, 1_100); // a lower watermark does not undo the earlier pass
    ledger.poll(3_400, 3_500, 2_101);

    long[] expected = new long[101];
    expected[0] = 1_400;
    Arrays.fill(expected, 1, 101, 1_500);
    assertArrayEquals(expected, ledger.sortedLags());
    assertArrayEquals(new long[] {100, 100, 100, 300}, ledger.sortedPollMs());
    assertArrayEquals(new long[] {600, 1_200, 1_299, 1_900}, ledger.sortedWatermarkAgeMs());
  }

  @Test
  void eventsNoPollSawFoldedAreLeftOut() {
    LagLedger ledger = new LagLedger();
    ledger.ack(1_000, 3);
    ledger.ack(5_000, 2);
    ledger.poll(1_100, 1_200, 1_001);

    assertEquals(5, ledger.events());
    assertArrayEquals(new long[] {200, 200, 200}, ledger.sortedLags());
    assertEquals(0.2, LagLedger.seconds(ledger.sortedLags(), 0.99), 1e-9);
  }

  @Test
  void theSeriesGivesEachSecondItsWorstWatermarkAgeAndItsAcknowledgedEvents() {
    LagLedger ledger = new LagLedger();
    ledger.ack(1_000_100, 100); // in the order they arrive: acks and polls interleave
    ledger.poll(1_000_200, 1_000_250, 1_000_000);
    ledger.poll(1_000_700, 1_000_720, 999_900);
    ledger.ack(1_001_900, 1);
    ledger.poll(1_002_100, 1_002_400, 1_002_000);

    assertEquals(
        List.of(
            "1970-01-01T00:16:40Z polls 2, watermark age max 800 ms, report latency max 50 ms,"
                + " acked 100",
            "1970-01-01T00:16:41Z polls 0, watermark age max 0 ms, report latency max 0 ms, acked 1",
            "1970-01-01T00:16:42Z polls 1, watermark age max 100 ms, report latency max 300 ms,"
                + " acked 0"),
        ledger.series());
  }
}
