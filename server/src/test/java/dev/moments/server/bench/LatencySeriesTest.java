package dev.moments.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencySeriesTest {
  private static final long MS = 1_000_000;

  @Test
  void eachAnswerLandsInTheSlotOfItsArrivalWithItsSlotsPercentiles() {
    long start = 1_000 * MS;
    LatencySeries series = new LatencySeries(start, 100);
    for (int i = 1; i <= 100; i++) {
      series.record(start + 10 * MS, i * MS); // slot 0: 1..100 ms
    }
    series.record(start + 250 * MS, 7 * MS); // slot 2; slot 1 stays empty
    series.record(start - MS, 500 * MS); // before the window: dropped
    List<String> lines = series.lines();
    assertEquals(3, lines.size());
    assertTrue(lines.get(0).endsWith("n=100 p50 50.0 p99 99.0 max 100.0"), lines.get(0));
    assertTrue(lines.get(1).endsWith("n=0 p50 0.0 p99 0.0 max 0.0"), lines.get(1));
    assertTrue(lines.get(2).endsWith("n=1 p50 7.0 p99 7.0 max 7.0"), lines.get(2));
  }

  @Test
  void mergingKeepsEachAnswerInItsSlot() {
    long start = 5 * MS;
    LatencySeries a = new LatencySeries(start, 100);
    LatencySeries b = new LatencySeries(start, 100);
    a.record(start + 150 * MS, 2 * MS);
    b.record(start + 120 * MS, 4 * MS);
    a.add(b);
    assertTrue(a.lines().get(1).endsWith("n=2 p50 2.0 p99 4.0 max 4.0"), a.lines().get(1));
  }
}
