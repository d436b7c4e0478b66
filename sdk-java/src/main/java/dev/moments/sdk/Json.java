package dev.moments.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict RFC 8259 JSON reader, JDK only. Objects become insertion-ordered maps, arrays lists,
 * numbers {@link Double}, {@code null} Java null. Members named in {@code rawKeys} are validated
 * but kept as their exact source text ({@link Raw}), so payloads pass through untouched.
 */
final class Json {
  /** A value kept as its JSON source text. */
  record Raw(String text) {}

  private static final int MAX_DEPTH = 256;

  private final String text;
  private final Set<String> rawKeys;
  private int pos;
  private int depth;

  private Json(String text, Set<String> rawKeys) {
    this.text = text;
    this.rawKeys = rawKeys;
  }

  static Object parse(String text) {
    return parse(text, Set.of());
  }

  static Object parse(String text, Set<String> rawKeys) {
    if (text == null) {
      throw new JsonException("JSON text is null", 0);
    }
    Json reader = new Json(text, rawKeys);
    reader.skipWhitespace();
    Object value = reader.readValue();
    reader.skipWhitespace();
    if (reader.pos < text.length()) {
      throw reader.error("unexpected " + reader.describeCurrent() + " after the JSON value");
    }
    return value;
  }

  private Object readValue() {
    if (pos >= text.length()) {
      throw error("unexpected end of input, expected a value");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return readObject();
      case '[':
        return readArray();
      case '"':
        return readString();
      case 't':
        return readLiteral("true", Boolean.TRUE);
      case 'f':
        return readLiteral("false", Boolean.FALSE);
      case 'n':
        return readLiteral("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return readNumber();
        }
        throw error("unexpected " + describeCurrent() + ", expected a value");
    }
  }

  private Map<String, Object> readObject() {
    enterNesting();
    pos++;
    Map<String, Object> members = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      depth--;
      return Collections.unmodifiableMap(members);
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("expected a member name in double quotes, found " + describeCurrent());
      }
      int nameAt = pos;
      String name = readString();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object value = readMemberValue(name);
      if (members.containsKey(name)) {
        pos = nameAt;
        throw error("duplicate member name \"" + name + "\"");
      }
      members.put(name, value);
      skipWhitespace();
      if (peek() == ',') {
        pos++;
      } else if (peek() == '}') {
        pos++;
        depth--;
        return Collections.unmodifiableMap(members);
      } else {
        throw error("expected ',' or '}' in an object, found " + describeCurrent());
      }
    }
  }

  private Object readMemberValue(String name) {
    if (!rawKeys.contains(name)) {
      return readValue();
    }
    int start = pos;
    readValue();
    return new Raw(text.substring(start, pos));
  }

  private List<Object> readArray() {
    enterNesting();
    pos++;
    List<Object> items = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      depth--;
      return Collections.unmodifiableList(items);
    }
    while (true) {
      skipWhitespace();
      items.add(readValue());
      skipWhitespace();
      if (peek() == ',') {
        pos++;
      } else if (peek() == ']') {
        pos++;
        depth--;
        return Collections.unmodifiableList(items);
      } else {
        throw error("expected ',' or ']' in an array, found " + describeCurrent());
      }
    }
  }

  private String readString() {
    pos++;
    StringBuilder out = null;
    int runStart = pos;
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        String tail = text.substring(runStart, pos++);
        return out == null ? tail : out.append(tail).toString();
      }
      if (c < 0x20) {
        throw error(String.format("control character U+%04X must be escaped in a string", (int) c));
      }
      if (c == '\\') {
        if (out == null) {
          out = new StringBuilder();
        }
        out.append(text, runStart, pos);
        out.append(readEscape());
        runStart = pos;
      } else {
        pos++;
      }
    }
  }

  private char readEscape() {
    pos++;
    if (pos >= text.length()) {
      throw error("unterminated escape sequence");
    }
    char c = text.charAt(pos++);
    switch (c) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case '/':
        return '/';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
        return readHex4();
      default:
        pos -= 2;
        throw error("invalid escape \\" + c);
    }
  }

  /** One UTF-16 unit; a surrogate pair arrives as two consecutive escapes and joins naturally. */
  private char readHex4() {
    if (pos + 4 > text.length()) {
      throw error("truncated \\u escape");
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(text.charAt(pos + i), 16);
      if (digit < 0) {
        throw error("invalid hex digit '" + text.charAt(pos + i) + "' in \\u escape");
      }
      value = value * 16 + digit;
    }
    pos += 4;
    return (char) value;
  }

  private Double readNumber() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else {
      requireDigits("a digit");
    }
    if (peek() == '.') {
      pos++;
      requireDigits("a digit after the decimal point");
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      requireDigits("a digit in the exponent");
    }
    return Double.valueOf(text.substring(start, pos));
  }

  private void requireDigits(String what) {
    if (!isDigit(peek())) {
      throw error("expected " + what + ", found " + describeCurrent());
    }
    while (isDigit(peek())) {
      pos++;
    }
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private Object readLiteral(String literal, Object value) {
    if (!text.startsWith(literal, pos)) {
      throw error("unexpected " + describeCurrent() + ", expected a value");
    }
    pos += literal.length();
    return value;
  }

  private void enterNesting() {
    if (++depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH + " levels");
    }
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "', found " + describeCurrent());
    }
    pos++;
  }

  private int peek() {
    return pos < text.length() ? text.charAt(pos) : -1;
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private String describeCurrent() {
    if (pos >= text.length()) {
      return "end of input";
    }
    char c = text.charAt(pos);
    return c < 0x20 || c > 0x7e ? String.format("character U+%04X", (int) c) : "'" + c + "'";
  }

  private JsonException error(String message) {
    return new JsonException(message, pos);
  }
}
