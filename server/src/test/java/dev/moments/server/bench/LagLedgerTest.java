package dev.moments.server.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
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
}
