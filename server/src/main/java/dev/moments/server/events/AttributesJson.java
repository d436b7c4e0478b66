package dev.moments.server.events;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * An event's attributes as the JSON text its {@code attributes} parameter carries to the database.
 * Jackson's general serializer (JsonObject.encode) was an eighth of the event loop's CPU per event
 * in the statement's parameters; attributes are flat strings, numbers and booleans, written here by
 * hand. Anything else (a nested value /assign's caller may have put there) goes through {@code
 * encode()} as before. The database keeps jsonb, so only the JSON value matters, not its spelling.
 */
final class AttributesJson {
  private static final JsonStringEncoder ESCAPER = JsonStringEncoder.getInstance();

  private AttributesJson() {}

  static String encode(JsonObject attributes) {
    Map<String, Object> map = attributes.getMap();
    StringBuilder s = new StringBuilder(24 * map.size() + 2).append('{');
    for (Map.Entry<String, Object> e : map.entrySet()) {
      if (s.length() > 1) {
        s.append(',');
      }
      string(s, e.getKey()).append(':');
      Object v = e.getValue();
      if (v instanceof String text) {
        string(s, text);
      } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
        s.append(v);
      } else if (v instanceof Double d && Double.isFinite(d)) {
        s.append(d.doubleValue());
      } else {
        return attributes.encode();
      }
    }
    return s.append('}').toString();
  }

  /** A JSON string literal, escaped as AssignAnswers escapes the unit id. */
  private static StringBuilder string(StringBuilder s, String text) {
    s.append('"');
    ESCAPER.quoteAsString(text, s);
    return s.append('"');
  }
}
