package dev.moments.sdk;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Remembers which (experiment, variant, forced or ad, unit) exposures were already queued, in a
 * fixed two-way set-associative table of 64-bit fingerprints: memory never grows, and a fingerprint
 * evicted by a collision only means one more exposure is sent, which the server then counts as a
 * duplicate (exposure ids are deterministic). Two different exposures sharing a fingerprint (about
 * 2^-64) would lose one exposure. Races between threads can only cause extra (duplicate) exposures.
 */
final class ExposureLog {
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;
  private static final long FORCED = 0x94d049bb133111ebL;
  private static final long AD = 0x2545f4914f6cdd1dL;
  private static final long HOLDOUT = 0x6a09e667f3bcc909L;
  private final AtomicLongArray fingerprints;
  private final int mask;

  ExposureLog(int slots) {
    int size = Integer.highestOneBit(Math.max(1, slots - 1)) << 1;
    fingerprints = new AtomicLongArray(slots == 1 ? 1 : size);
    mask = fingerprints.length() - 1;
  }

  /** True the first time (as far as the table remembers) this exposure is seen; records it. */
  boolean firstTime(Assignment assignment, String unitId) {
    return firstTime(fingerprint(assignment, unitId));
  }

  /** The same for a holdout exposure (holdout keys never equal experiment keys). */
  boolean firstTime(HoldoutGroup group, String unitId) {
    return firstTime(fingerprint(group.holdout(), group.variant(), HOLDOUT, unitId));
  }

  private boolean firstTime(long fingerprint) {
    int first = (int) (fingerprint ^ (fingerprint >>> 32)) & mask & ~1;
    int second = first + (mask == 0 ? 0 : 1);
    long inFirst = fingerprints.getOpaque(first);
    if (inFirst == fingerprint || fingerprints.getOpaque(second) == fingerprint) {
      return false;
    }
    // fill an empty way first; when both are taken, a fingerprint bit picks the victim
    int victim =
        inFirst == 0
            ? first
            : fingerprints.getOpaque(second) == 0 ? second : (fingerprint < 0 ? first : second);
    fingerprints.setOpaque(victim, fingerprint);
    return true;
  }

  /**
   * A 64-bit hash of the exposure. The unit id is read four chars per step
   * (multiply-rotate-multiply as in MurmurHash3's 128-bit variant), so the dependent multiply chain
   * is a quarter of a per-char hash's.
   */
  static long fingerprint(Assignment assignment, String unitId) {
    return fingerprint(
        assignment.experiment(),
        assignment.variant(),
        assignment.forced() ? FORCED : assignment.ad() ? AD : 0,
        unitId);
  }

  private static long fingerprint(String experiment, String variant, long kind, String unitId) {
    long h = experiment.hashCode() * 0x9e3779b97f4a7c15L;
    h = (h ^ variant.hashCode()) * 0xbf58476d1ce4e5b9L;
    h ^= kind;
    int n = unitId.length();
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      long k =
          unitId.charAt(i)
              | (long) unitId.charAt(i + 1) << 16
              | (long) unitId.charAt(i + 2) << 32
              | (long) unitId.charAt(i + 3) << 48;
      h = Long.rotateLeft(h ^ Long.rotateLeft(k * C1, 31) * C2, 27) * 5 + 0x52dce729;
    }
    for (; i < n; i++) {
      h = (h ^ unitId.charAt(i)) * FNV_PRIME;
    }
    h ^= n;
    h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
    h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h == 0 ? 1 : h; // 0 marks an empty slot
  }
}
