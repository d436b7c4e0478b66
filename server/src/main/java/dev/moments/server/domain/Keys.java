package dev.moments.server.domain;

import java.util.regex.Pattern;

/**
 * The shape of every key the platform names things by (moments, experiments, variants, metrics):
 * lower-case letters and digits first, then also {@code . _ -}, 64 characters at most. The
 * contract's {@code Key} schema states the same pattern (a test holds them together).
 */
public final class Keys {
  /** The pattern without anchors, as messages quote it. */
  public static final String REGEX = "[a-z0-9][a-z0-9._-]{0,63}";

  private static final Pattern PATTERN = Pattern.compile(REGEX);
  private static final int MAX_CHARS = 64;

  private Keys() {}

  /**
   * Whether the value matches {@link #REGEX} (by hand: a regex match cost /events CPU per event).
   */
  public static boolean isKey(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_CHARS) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          c >= 'a' && c <= 'z'
              || c >= '0' && c <= '9'
              || i > 0 && (c == '.' || c == '_' || c == '-');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The regex's own verdict, against which the hand-written one is tested. */
  static boolean matchesRegex(String value) {
    return value != null && PATTERN.matcher(value).matches();
  }
}
