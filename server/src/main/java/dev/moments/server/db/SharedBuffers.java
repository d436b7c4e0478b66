package dev.moments.server.db;

import dev.moments.server.config.ConfigException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded PostgreSQL's {@code shared_buffers}, from {@value #VARIABLE}: PostgreSQL's own 128
 * MB unless set. A larger value did not lower the fold's or the ingest's CPU per event measurably
 * (server/README.md, 2026-11-30), so the default stays; an installation whose unit states outgrow
 * 128 MB can raise it. Checked here, so that a bad value stops start-up naming the variable.
 */
final class SharedBuffers {
  static final String VARIABLE = "MOMENTS_EMBEDDED_SHARED_BUFFERS";
  static final String DEFAULT = "128MB";
  private static final Pattern SIZE = Pattern.compile("([0-9]{1,9})(kB|MB|GB)");
  private static final long MIN_KB = 128; // PostgreSQL's own minimum (16 pages of 8 kB)
  private static final long MAX_KB = 64L << 20; // 64 GB

  private SharedBuffers() {}

  /** The value for {@code shared_buffers}: checked here, before PostgreSQL starts. */
  static String fromEnvironment(Map<String, String> variables) {
    String value = variables.get(VARIABLE);
    if (value == null || value.isBlank()) {
      return DEFAULT;
    }
    Matcher m = SIZE.matcher(value.trim());
    if (!m.matches()) {
      throw new ConfigException(
          VARIABLE, value, "is not a size in kB, MB or GB as PostgreSQL writes it (e.g. 512MB)");
    }
    long kb =
        Long.parseLong(m.group(1))
            * switch (m.group(2)) {
              case "kB" -> 1L;
              case "MB" -> 1L << 10;
              default -> 1L << 20;
            };
    if (kb < MIN_KB || kb > MAX_KB) {
      throw new ConfigException(VARIABLE, value, "must be between 128kB and 64GB");
    }
    return m.group(1) + m.group(2);
  }
}
