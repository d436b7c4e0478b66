package dev.moments.server.events;

import dev.moments.server.domain.InvalidException;
import dev.moments.server.domain.Keys;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The fields of one {@code POST /events} item, each read and checked on its own (a rejection names
 * the field by its JSON path); {@link EventBatchParser} puts them together into an event.
 */
final class EventFields {
  private EventFields() {}

  /**
   * {@code "source"}: {@code "ad"} (an exposure recorded from an ad click), {@code "holdout"} (a
   * holdout exposure, spec/README.md "Holdouts") or absent.
   */
  static String source(JsonObject json, String path, EventType type) {
    Object v = json.getValue("source");
    if (v == null) {
      return null;
    }
    if (!(Event.AD.equals(v) || Event.HOLDOUT.equals(v)) || type != EventType.EXPOSURE) {
      throw invalid(
          path,
          "source",
          "must be 'ad' (an exposure from an ad click), 'holdout' (a holdout exposure) or absent");
    }
    return (String) v;
  }

  static String requiredString(JsonObject json, String name, String path) {
    Object v = json.getValue(name);
    if (v == null) {
      throw new InvalidException("missing_field", "'" + name + "' is required.", path + "." + name);
    }
    if (!(v instanceof String s) || s.isEmpty()) {
      throw invalid(path, name, "must be a non-empty string");
    }
    return s;
  }

  /** A key-shaped reference; required for one type, checked but unused for the other. */
  static String key(JsonObject json, String name, String path, boolean required) {
    if (!json.containsKey(name) && !required) {
      return null;
    }
    String s = requiredString(json, name, path);
    if (!Keys.isKey(s)) {
      throw invalid(path, name, "must match " + Keys.REGEX);
    }
    return required ? s : null;
  }

  static double value(JsonObject json, String path) {
    Object v = json.getValue("value");
    if (v == null) {
      return 1.0;
    }
    if (!(v instanceof Number n) || !(Math.abs(n.doubleValue()) <= EventBatchParser.MAX_VALUE)) {
      throw invalid(path, "value", "must be a finite number of at most 1e12 either way");
    }
    return n.doubleValue();
  }

  static boolean forced(JsonObject json, String path) {
    Object v = json.getValue("forced");
    if (v != null && !(v instanceof Boolean)) {
      throw invalid(path, "forced", "must be true or false");
    }
    return Boolean.TRUE.equals(v);
  }

  static JsonObject attributes(JsonObject json, String path) {
    Object v = json.getValue("attributes");
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonObject attributes)) {
      throw invalid(path, "attributes", "must be an object of strings, numbers and booleans");
    }
    if (attributes.size() > EventBatchParser.MAX_ATTRIBUTES) {
      throw invalid(
          path, "attributes", "may have at most " + EventBatchParser.MAX_ATTRIBUTES + " keys");
    }
    for (Map.Entry<String, Object> e : attributes) {
      String field = path + ".attributes." + e.getKey();
      if (e.getKey().isEmpty() || e.getKey().length() > EventBatchParser.MAX_ATTRIBUTE_KEY_CHARS) {
        throw new InvalidException(
            "invalid_field", "Attribute names must be 1 to 64 characters.", field);
      }
      Object a = e.getValue();
      boolean ok =
          a instanceof Boolean
              || a instanceof Number n && Double.isFinite(n.doubleValue())
              || a instanceof String s && s.length() <= EventBatchParser.MAX_ATTRIBUTE_VALUE_CHARS;
      if (!ok) {
        throw new InvalidException(
            "invalid_field",
            "An attribute must be a string of at most 256 characters, a finite number or a boolean.",
            field);
      }
    }
    return attributes;
  }

  static InvalidException invalid(String path, String name, String rule) {
    return new InvalidException("invalid_field", "'" + name + "' " + rule + ".", path + "." + name);
  }
}
