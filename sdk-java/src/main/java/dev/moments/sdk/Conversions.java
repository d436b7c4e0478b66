package dev.moments.sdk;

/** The checks a conversion must pass before it is queued, so the server never rejects one later. */
final class Conversions {
  private static final int MAX_KEY = 64;

  private Conversions() {}

  /** What is wrong with this conversion, or null when it can be sent. */
  static String problem(String unitId, String metric, double value) {
    if (!UnitIds.isValid(unitId)) {
      return "unitId must be 1 to 256 characters, got "
          + (unitId == null ? "null" : "a string of " + unitId.length());
    }
    if (!isKey(metric)) {
      return "metric must match [a-z0-9][a-z0-9._-]{0,63}, got "
          + (metric == null ? "null" : "\"" + metric + "\"");
    }
    if (!Double.isFinite(value)) {
      return "value must be a finite number, got " + value;
    }
    return null;
  }

  /** [a-z0-9][a-z0-9._-]{0,63} without a regex (this runs on the hot path). */
  static boolean isKey(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_KEY || !isLowerOrDigit(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isLowerOrDigit(c) && c != '.' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLowerOrDigit(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
  }
}
