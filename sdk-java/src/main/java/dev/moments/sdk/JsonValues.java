package dev.moments.sdk;

import java.util.List;
import java.util.Map;

/** Typed access to parsed JSON trees with messages that name the offending path and value. */
final class JsonValues {
  private JsonValues() {}

  static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return "the string \"" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "\"";
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    if (value instanceof Json.Raw raw) {
      return "the JSON " + raw.text();
    }
    return value.toString();
  }

  static Map<?, ?> object(Object value, String path) {
    if (value instanceof Map<?, ?> map) {
      return map;
    }
    throw new IllegalArgumentException(path + " must be an object, got " + describe(value));
  }

  static List<?> array(Object value, String path) {
    if (value instanceof List<?> list) {
      return list;
    }
    throw new IllegalArgumentException(path + " must be an array, got " + describe(value));
  }

  static String string(Object value, String path) {
    if (value instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(path + " must be a string, got " + describe(value));
  }

  static String optionalString(Object value, String path) {
    return value == null ? null : string(value, path);
  }

  /** false when absent or null. */
  static boolean optionalBoolean(Object value, String path) {
    if (value == null || value instanceof Boolean) {
      return Boolean.TRUE.equals(value);
    }
    throw new IllegalArgumentException(path + " must be true or false, got " + describe(value));
  }

  static double number(Object value, String path) {
    if (value instanceof Double d) {
      return d;
    }
    throw new IllegalArgumentException(path + " must be a number, got " + describe(value));
  }

  static int integer(Object value, String path) {
    double d = number(value, path);
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(path + " must be an integer, got " + d);
    }
    return (int) d;
  }
}
