package dev.moments.sdk;

/**
 * Where a {@link MomentsClient} keeps each unit's variant in its sticky experiments, so the unit
 * keeps it when weights, variants or traffic change (spec/README.md, "Sticky bucketing"). {@link
 * MomentsClient#assign} calls {@link #get} only for the running sticky experiments of the moment it
 * decides, and {@link #put} when a sticky experiment's hash or an ad click on it decided.
 *
 * <p>The default is {@link #inMemory(int)}: per process, bounded, lost on restart. To share entries
 * between processes and keep them across restarts, implement this with Redis or a database (see
 * sdk-java/README.md, "Sticky bucketing"). Both methods run on the thread that calls {@code
 * assign}: keep them fast (a local cache in front of a remote store, a put that does not wait).
 * Implementations must be thread-safe; an exception is reported to {@code onError} and treated as
 * "nothing stored" (get) or "not stored" (put): the assignment still happens.
 */
public interface StickyStore {
  /** The variant stored for this unit in this experiment, or null. */
  String get(String unitId, String experiment);

  /** Stores (replaces) this unit's variant in this experiment. */
  void put(String unitId, String experiment, String variant);

  /**
   * A bounded in-memory store: at most {@code maxEntries} (unit, experiment) entries, the least
   * recently used going first when full (LRU within each of up to 16 stripes, each with its own
   * lock). An entry costs about 100 bytes besides the unit id string it keeps.
   *
   * @throws IllegalArgumentException when maxEntries is less than 1
   */
  static StickyStore inMemory(int maxEntries) {
    return new InMemoryStickyStore(maxEntries);
  }
}
