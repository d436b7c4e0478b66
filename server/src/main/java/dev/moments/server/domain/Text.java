package dev.moments.server.domain;

import java.util.List;
import java.util.Map;

/**
 * The one rule for text that reaches the database: no NUL character (PostgreSQL refuses it in text
 * and jsonb, and a refused row used to fail the whole group commit it shared with other requests)
 * and no unpaired UTF-16 surrogate (it cannot be stored as UTF-8: the driver wrote '?', so "a" +
 * U+D800 and "a" + U+DFFF became one unit). Every JSON body, path and query parameter is held to it
 * at the edge; a violation is a 400 {@code invalid_text} naming the field.
 */
public final class Text {
  public static final String CODE = "invalid_text";
  static final String RULE = "must not contain NUL characters or unpaired UTF-16 surrogates";

  private Text() {}

  /** Whether the string may be stored. */
  public static boolean isValid(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\0') {
        return false;
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Checks every string and every object key of a decoded JSON value (Vert.x JsonObject/JsonArray
   * are {@link Iterable}s of map entries and values).
   *
   * @param path the JSON path of {@code json} in the request, or "" for the body itself
   * @throws InvalidException naming the first field at fault
   */
  public static void check(Object json, String path) {
    if (json instanceof String s) {
      if (!isValid(s)) {
        throw invalid(path);
      }
    } else if (json instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        checkMember(String.valueOf(e.getKey()), e.getValue(), path);
      }
    } else if (json instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        check(list.get(i), path + "[" + i + "]");
      }
    } else if (json instanceof Iterable<?> iterable) {
      int i = 0;
      for (Object item : iterable) {
        if (item instanceof Map.Entry<?, ?> e) {
          checkMember(String.valueOf(e.getKey()), e.getValue(), path);
        } else {
          check(item, path + "[" + i + "]");
        }
        i++;
      }
    }
  }

  private static void checkMember(String key, Object value, String path) {
    String field = path.isEmpty() ? key : path + "." + key;
    if (!isValid(key)) {
      throw invalid(path.isEmpty() ? "(a field name)" : path);
    }
    check(value, field);
  }

  /** The error for a text field that breaks the rule. */
  public static InvalidException invalid(String field) {
    return new InvalidException(
        CODE,
        (field == null || field.isEmpty() ? "Text" : "'" + field + "'") + " " + RULE + ".",
        field == null || field.isEmpty() ? null : field);
  }
}
