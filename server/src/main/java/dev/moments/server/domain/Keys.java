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

  private Keys() {}

  public static boolean isKey(String value) {
    return value != null && PATTERN.matcher(value).matches();
  }
}
