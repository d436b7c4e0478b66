package dev.moments.sdk;

/**
 * Per-thread scratch holding one unit id's UTF-8 bytes at a fixed offset, so every hash of "prefix
 * + unitId" copies only the short precomputed prefix in front of it: the id is validated and
 * encoded once per assignment, and nothing is allocated.
 */
final class UnitKey {
  private static final int PREFIX_ROOM = 512;
  private static final ThreadLocal<UnitKey> PER_THREAD = ThreadLocal.withInitial(UnitKey::new);

  // room for the prefix, then 256 code points of at most 4 UTF-8 bytes each
  private final byte[] buf = new byte[PREFIX_ROOM + UnitIds.MAX_CODE_POINTS * 4];
  private int unitLength;

  private UnitKey() {}

  /** This thread's key holding unitId, or null when unitId is not a valid unit id. */
  static UnitKey of(String unitId) {
    UnitKey key = PER_THREAD.get();
    return key.load(unitId) ? key : null;
  }

  /** bucket(prefix + unitId). */
  int bucket(byte[] prefix) {
    if (prefix.length > PREFIX_ROOM) {
      return slowBucket(prefix);
    }
    int start = PREFIX_ROOM - prefix.length;
    System.arraycopy(prefix, 0, buf, start, prefix.length);
    return Hashing.bucketOf(
        Integer.toUnsignedLong(Hashing.murmur3(buf, start, prefix.length + unitLength)));
  }

  private int slowBucket(byte[] prefix) {
    byte[] whole = new byte[prefix.length + unitLength];
    System.arraycopy(prefix, 0, whole, 0, prefix.length);
    System.arraycopy(buf, PREFIX_ROOM, whole, prefix.length, unitLength);
    return Hashing.bucketOf(Integer.toUnsignedLong(Hashing.murmur3(whole, 0, whole.length)));
  }

  /** Encodes while checking the UnitIds rule (1..256 code points, no unpaired surrogate). */
  private boolean load(String unitId) {
    if (unitId == null) {
      return false;
    }
    int n = unitId.length();
    if (n == 0 || n > 2 * UnitIds.MAX_CODE_POINTS) {
      return false;
    }
    int off = PREFIX_ROOM;
    int codePoints = 0;
    for (int i = 0; i < n; i++, codePoints++) {
      char c = unitId.charAt(i);
      if (c < 0x80) {
        buf[off++] = (byte) c;
      } else if (!Character.isSurrogate(c)) {
        off = Hashing.encodeUtf8(unitId, i, i + 1, buf, off);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(unitId.charAt(i + 1))) {
        off = Hashing.encodeUtf8(unitId, i, i + 2, buf, off);
        i++;
      } else {
        return false;
      }
    }
    unitLength = off - PREFIX_ROOM;
    return codePoints <= UnitIds.MAX_CODE_POINTS;
  }
}
