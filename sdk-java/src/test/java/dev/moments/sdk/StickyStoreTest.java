package dev.moments.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The default in-memory StickyStore: bounded, least recently used first out, thread-safe. */
class StickyStoreTest {

  @Test
  void keepsAnEntryPerUnitAndExperimentAndReplacesItOnPut() {
    StickyStore store = StickyStore.inMemory(100);
    assertNull(store.get("u1", "hero"));
    store.put("u1", "hero", "bold");
    store.put("u1", "cta", "green");
    store.put("u2", "hero", "control");
    assertEquals("bold", store.get("u1", "hero"));
    assertEquals("green", store.get("u1", "cta"));
    assertEquals("control", store.get("u2", "hero"));
    store.put("u1", "hero", "classic");
    assertEquals("classic", store.get("u1", "hero"));
  }

  @Test
  void neverHoldsMoreThanMaxEntries() {
    for (int max : new int[] {1, 7, 16, 1000}) {
      InMemoryStickyStore store = new InMemoryStickyStore(max);
      for (String unit : TestConfigs.randomIds(max, 5 * max + 50)) {
        store.put(unit, "hero", "bold");
      }
      assertEquals(max, store.size(), "max " + max);
    }
  }

  @Test
  void evictsTheLeastRecentlyUsedEntryOfAStripe() {
    InMemoryStickyStore store = new InMemoryStickyStore(1); // one stripe of one entry
    store.put("u1", "hero", "bold");
    store.put("u2", "hero", "control");
    assertNull(store.get("u1", "hero"));
    assertEquals("control", store.get("u2", "hero"));
  }

  @Test
  void aReadKeepsAnEntryAliveAgainstEviction() {
    InMemoryStickyStore store = new InMemoryStickyStore(32); // 16 stripes of 2
    List<String> units = TestConfigs.randomIds(11L, 2000);
    String first = units.get(0);
    store.put(first, "hero", "bold");
    for (String unit : units.subList(1, units.size())) {
      store.get(first, "hero"); // used more recently than anything put since
      store.put(unit, "hero", "control");
    }
    assertEquals("bold", store.get(first, "hero"));
  }

  @Test
  void manyThreadsPutAndGetWithoutLosingTheBound() throws Exception {
    InMemoryStickyStore store = new InMemoryStickyStore(500);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        List<String> units = TestConfigs.randomIds(t, 5000);
        done.add(
            pool.submit(
                () -> {
                  for (String unit : units) {
                    store.put(unit, "hero", "bold");
                    String got = store.get(unit, "hero");
                    assertTrue(got == null || got.equals("bold"));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(500, store.size());
  }

  @Test
  void refusesNoRoom() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StickyStore.inMemory(0));
    assertTrue(e.getMessage().contains("0"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> MomentsClient.builder("http://localhost:8080", "k").stickyStore(null));
  }
}
