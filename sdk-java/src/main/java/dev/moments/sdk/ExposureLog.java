package dev.moments.sdk;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Remembers which (experiment, variant, forced, unit) exposures were already queued, in a fixed
 * direct-mapped table of 64-bit fingerprints: memory never grows, and a fingerprint evicted by a
 * collision only means one more exposure is sent, which the server then counts as a duplicate
 * (exposure ids are deterministic). Two different exposures sharing a fingerprint (about 2^-64)
 * would lose one exposure.
 */
final class ExposureLog {
  private static final long FNV_PRIME = 0x100000001b3L;
  private final AtomicLongArray fingerprints;
  private final int mask;

  ExposureLog(int slots) {
    int size = Integer.highestOneBit(Math.max(1, slots - 1)) << 1;
    fingerprints = new AtomicLongArray(slots == 1 ? 1 : size);
    mask = fingerprints.length() - 1;
  }

  /** True the first time (as far as the table remembers) this exposure is seen; records it. */
  boolean firstTime(Assignment assignment, String unitId) {
    long fingerprint = fingerprint(assignment, unitId);
    int slot = (int) (fingerprint ^ (fingerprint >>> 32)) & mask;
    if (fingerprints.getOpaque(slot) == fingerprint) {
      return false;
    }
    fingerprints.setOpaque(slot, fingerprint);
    return true;
  }

  static long fingerprint(Assignment assignment, String unitId) {
    long h = assignment.experiment().hashCode() * 0x9e3779b97f4a7c15L;
    h = (h ^ assignment.variant().hashCode()) * 0xbf58476d1ce4e5b9L;
    h ^= assignment.forced() ? 0x94d049bb133111ebL : 0;
    for (int i = 0; i < unitId.length(); i++) {
      h = (h ^ unitId.charAt(i)) * FNV_PRIME;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h == 0 ? 1 : h; // 0 marks an empty slot
  }
}
