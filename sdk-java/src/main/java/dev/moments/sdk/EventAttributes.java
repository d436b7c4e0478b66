package dev.moments.sdk;

import java.util.Arrays;
import java.util.Map;

/**
 * The attributes an exposure carries, copied (the caller may reuse its map) and filtered to what
 * POST /events accepts: at most 32 names of 1 to 64 characters, values that are strings of at most
 * 256 characters, finite numbers or booleans. Anything else (arrays, nested objects) is left out
 * rather than getting the whole event rejected.
 */
final class EventAttributes {
  static final int MAX_ATTRIBUTES = 32;
  private static final int MAX_NAME = 64;
  private static final int MAX_STRING = 256;

  private EventAttributes() {}

  /** Alternating names and values, or null when nothing is left. */
  static Object[] snapshot(Map<String, ?> attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return null;
    }
    Object[] pairs = new Object[2 * Math.min(attributes.size(), MAX_ATTRIBUTES)];
    int n = 0;
    for (Map.Entry<String, ?> e : attributes.entrySet()) {
      if (n == pairs.length) {
        break;
      }
      if (acceptable(e.getKey(), e.getValue())) {
        pairs[n++] = e.getKey();
        pairs[n++] = e.getValue();
      }
    }
    return n == 0 ? null : n == pairs.length ? pairs : Arrays.copyOf(pairs, n);
  }

  private static boolean acceptable(String name, Object value) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME || name.indexOf('\0') >= 0) {
      return false;
    }
    if (value instanceof String s) {
      return s.length() <= MAX_STRING && s.indexOf('\0') < 0;
    }
    if (value instanceof Number number) {
      return Double.isFinite(number.doubleValue());
    }
    return value instanceof Boolean;
  }
}
