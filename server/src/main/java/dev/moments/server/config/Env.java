package dev.moments.server.config;

import java.util.Map;

/** Reading one {@code MOMENTS_*} variable: blank means unset; a bad value names the variable. */
final class Env {
  private final Map<String, String> variables;

  Env(Map<String, String> variables) {
    this.variables = variables;
  }

  String text(String name) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  String text(String name, String defaultValue) {
    String value = text(name);
    return value == null ? defaultValue : value.trim();
  }

  int integer(String name, int defaultValue) {
    long value = number(name, defaultValue);
    if (value > Integer.MAX_VALUE) {
      throw new ConfigException(name, String.valueOf(value), "is too large");
    }
    return (int) value;
  }

  long number(String name, long defaultValue) {
    String value = text(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(name, value, "must be a whole number");
    }
  }

  boolean bool(String name, boolean defaultValue) {
    String value = text(name);
    if (value == null) {
      return defaultValue;
    }
    return switch (value.trim().toLowerCase()) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new ConfigException(name, value, "must be true or false");
    };
  }

  /** Fails start-up unless {@code min <= value <= max}. */
  static long inRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ConfigException(
          name, String.valueOf(value), "must be between " + min + " and " + max);
    }
    return value;
  }
}
