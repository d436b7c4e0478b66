package dev.moments.sdk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * MurmurHash3 x86 32-bit (seed 0) over UTF-8 bytes, and the 10,000-bucket mapping every SDK shares
 * (spec/README.md). The allocation-free hot path is {@link UnitKey}.
 */
public final class Hashing {
  static final int BUCKETS = 10_000;
  // one intrinsic 4-byte load instead of four byte loads and shifts
  private static final VarHandle LITTLE_ENDIAN_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private Hashing() {}

  /** The unsigned hash of the UTF-8 bytes of {@code s}, in 0..2^32-1. */
  public static long hash(String s) {
    byte[] bytes = utf8(s);
    return Integer.toUnsignedLong(murmur3(bytes, 0, bytes.length));
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

  /**
   * Writes the UTF-8 form of s at off and returns the end offset. Lone surrogates become U+FFFD, as
   * String.getBytes does not (it writes '?') but JS TextEncoder does. Needs 3 bytes per char.
   */
  static int encodeUtf8(String s, byte[] out, int off) {
    return encodeUtf8(s, 0, s.length(), out, off);
  }

  /** Encodes s[from, to); a surrogate pair split by {@code to} counts as unpaired. */
  static int encodeUtf8(String s, int from, int n, byte[] out, int off) {
    for (int i = from; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[off++] = (byte) c;
      } else if (c < 0x800) {
        out[off++] = (byte) (0xc0 | (c >> 6));
        out[off++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
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

  static int murmur3(byte[] data, int off, int len) {
    int h1 = 0;
    int blockEnd = off + (len & ~3);
    for (int i = off; i < blockEnd; i += 4) {
      int k1 = (int) LITTLE_ENDIAN_INT.get(data, i);
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
