package dev.moments.sdk;

import java.util.Arrays;

/**
 * MurmurHash3 x86 32-bit (seed 0) over UTF-8 bytes, and the 10,000-bucket mapping every SDK
 * shares (spec/README.md). The hot path hashes a precomputed UTF-8 prefix followed by the
 * unit id, encoded into a per-thread scratch buffer, so it allocates nothing.
 */
public final class Hashing {
  static final int BUCKETS = 10_000;
  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;
  // 256 code points * 4 bytes, plus room for a prefix; grown on demand for longer prefixes
  private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[][] {new byte[2048]});

  private Hashing() {}

  /** The unsigned hash of the UTF-8 bytes of {@code s}, in 0..2^32-1. */
  public static long hash(String s) {
    byte[] bytes = utf8(s);
    return Integer.toUnsignedLong(murmur3(bytes, bytes.length));
  }

  /** {@code floor(hash(s) * 10000 / 2^32)}, in [0, 10000). */
  public static int bucket(String s) {
    return bucketOf(hash(s));
  }

  static int bucketOf(long unsignedHash) {
    return (int) ((unsignedHash * BUCKETS) >>> 32);
  }

  /** UTF-8 with lone surrogates as U+FFFD (see {@link #encodeUtf8}). */
  static byte[] utf8(String s) {
    byte[] buf = new byte[s.length() * 3];
    return Arrays.copyOf(buf, encodeUtf8(s, buf, 0));
  }

  /** bucket(prefix + unitId) without building the string; unitId must be a valid unit id. */
  static int bucket(byte[] prefix, String unitId) {
    byte[][] holder = SCRATCH.get();
    byte[] buf = holder[0];
    int needed = prefix.length + unitId.length() * 3;
    if (buf.length < needed) {
      buf = new byte[Math.max(needed, buf.length * 2)];
      holder[0] = buf;
    }
    System.arraycopy(prefix, 0, buf, 0, prefix.length);
    int len = encodeUtf8(unitId, buf, prefix.length);
    return bucketOf(Integer.toUnsignedLong(murmur3(buf, len)));
  }

  /**
   * Writes the UTF-8 form of s at off and returns the end offset. Lone surrogates become U+FFFD,
   * as String.getBytes does not (it writes '?') but JS TextEncoder does. Needs 3 bytes per char.
   */
  static int encodeUtf8(String s, byte[] out, int off) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[off++] = (byte) c;
      } else if (c < 0x800) {
        out[off++] = (byte) (0xc0 | (c >> 6));
        out[off++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out[off++] = (byte) (0xf0 | (cp >> 18));
        out[off++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        out[off++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        out[off++] = (byte) (0x80 | (cp & 0x3f));
      } else {
        char unit = Character.isSurrogate(c) ? '\ufffd' : c;
        out[off++] = (byte) (0xe0 | (unit >> 12));
        out[off++] = (byte) (0x80 | ((unit >> 6) & 0x3f));
        out[off++] = (byte) (0x80 | (unit & 0x3f));
      }
    }
    return off;
  }

  static int murmur3(byte[] data, int len) {
    int h1 = 0;
    int blockEnd = len & ~3;
    for (int i = 0; i < blockEnd; i += 4) {
      int k1 = (data[i] & 0xff) | ((data[i + 1] & 0xff) << 8) | ((data[i + 2] & 0xff) << 16) | (data[i + 3] << 24);
      h1 ^= mixK1(k1);
      h1 = Integer.rotateLeft(h1, 13);
      h1 = h1 * 5 + 0xe6546b64;
    }
    int k1 = 0;
    switch (len & 3) {
      case 3:
        k1 ^= (data[blockEnd + 2] & 0xff) << 16;
        // fall through
      case 2:
        k1 ^= (data[blockEnd + 1] & 0xff) << 8;
        // fall through
      case 1:
        k1 ^= data[blockEnd] & 0xff;
        h1 ^= mixK1(k1);
        break;
      default:
        break;
    }
    return fmix32(h1 ^ len);
  }

  private static int mixK1(int k1) {
    return Integer.rotateLeft(k1 * C1, 15) * C2;
  }

  private static int fmix32(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
