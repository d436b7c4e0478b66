package dev.moments.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  private static final double EXACT = 1e-9;

  @Test
  void percentilesAreTheNearestRankToTheMicrosecond() {
    LatencyHistogram h = new LatencyHistogram();
    for (int micros = 1; micros <= 1000; micros++) {
      h.record(micros * 1000L + 999); // the sub-microsecond part is dropped
    }
    assertEquals(0.500, h.percentileMillis(50), EXACT);
    assertEquals(0.990, h.percentileMillis(99), EXACT);
    assertEquals(0.999, h.percentileMillis(99.9), EXACT);
    assertEquals(1.000, h.percentileMillis(100), EXACT);
    assertEquals(0.5005, h.meanMillis(), EXACT);
  }

  @Test
  void latenciesBeyondOneSecondKeepTheirTimeForTheSelfCheck() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(3_000_000_000L);
    h.record(1_000_000L);
    assertEquals(3.001, h.totalSeconds(), EXACT);
    assertEquals(3000.0, h.maxMillis(), EXACT);
    assertEquals(3000.0, h.percentileMillis(100), EXACT);
    assertEquals(1.0, h.percentileMillis(50), EXACT);
  }

  @Test
  void mergingAddsCountsTimeAndTheLargestValue() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    a.record(2_000_000L);
    b.record(4_000_000L);
    b.record(6_000_000L);
    a.add(b);
    assertEquals(3, a.count());
    assertEquals(0.012, a.totalSeconds(), EXACT);
    assertEquals(4.0, a.percentileMillis(50), EXACT);
    assertEquals(6.0, a.maxMillis(), EXACT);
  }
}
