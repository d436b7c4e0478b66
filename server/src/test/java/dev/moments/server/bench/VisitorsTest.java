package dev.moments.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VisitorsTest {
  @Test
  void everyVisitorMakesFiveRequestsAWindowApart() {
    Map<Long, Integer> requests = new HashMap<>();
    Map<Long, Long> last = new HashMap<>();
    long n = 5 * Visitors.WINDOW * 3;
    for (long i = 0; i < n; i++) {
      long unit = Visitors.unit(i, 5);
      requests.merge(unit, 1, Integer::sum);
      Long before = last.put(unit, i);
      if (before != null) {
        assertEquals(Visitors.WINDOW, i - before, "unit " + unit);
      }
    }
    assertEquals(3 * Visitors.WINDOW, requests.size());
    requests.values().forEach(count -> assertEquals(5, count));
  }

  @Test
  void oneRequestPerUnitIsANewUnitEachTime() {
    for (long i = 0; i < 10_000; i++) {
      assertEquals(i, Visitors.unit(i, 1));
    }
  }
}
