package dev.moments.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link StickyStore#inMemory}: striped access-ordered maps, each bounded, so the total never
 * exceeds maxEntries and threads deciding different units rarely wait for one another.
 */
final class InMemoryStickyStore implements StickyStore {
  private static final int MAX_STRIPES = 16;
  private final Stripe[] stripes;

  InMemoryStickyStore(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException(
          "the sticky store needs room for at least 1 entry, got " + maxEntries);
    }
    stripes = new Stripe[Math.min(MAX_STRIPES, maxEntries)];
    for (int i = 0; i < stripes.length; i++) {
      // the remainder goes to the first stripes: the capacities add up to maxEntries exactly
      stripes[i] =
          new Stripe(maxEntries / stripes.length + (i < maxEntries % stripes.length ? 1 : 0));
    }
  }

  private record Key(String unitId, String experiment) {}

  private Stripe stripe(String unitId) {
    int h = unitId.hashCode();
    return stripes[Math.floorMod(h ^ (h >>> 16), stripes.length)];
  }

  @Override
  public String get(String unitId, String experiment) {
    Stripe stripe = stripe(unitId);
    synchronized (stripe) {
      return stripe.get(new Key(unitId, experiment));
    }
  }

  @Override
  public void put(String unitId, String experiment, String variant) {
    Stripe stripe = stripe(unitId);
    synchronized (stripe) {
      stripe.put(new Key(unitId, experiment), variant);
    }
  }

  /** Entries in total, for tests. */
  int size() {
    int size = 0;
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        size += stripe.size();
      }
    }
    return size;
  }

  private static final class Stripe extends LinkedHashMap<Key, String> {
    private final int capacity;

    Stripe(int capacity) {
      super(16, 0.75f, true);
      this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, String> eldest) {
      return size() > capacity;
    }
  }
}
