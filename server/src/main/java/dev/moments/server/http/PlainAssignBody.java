package dev.moments.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.moments.sdk.UnitIds;
import dev.moments.server.domain.Keys;
import dev.moments.server.domain.Text;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the body every SDK sends to POST /assign in one streaming pass: a JSON object with a valid
 * {@code unitId}, optionally {@code moments} (an array of moment keys) and {@code attributes} (an
 * object of strings, numbers, booleans and nulls), each field once, every rule of {@link
 * AssignRequest} met. Anything else (a rule broken, a duplicate field, nesting in the attributes,
 * {@code null} where a value is optional, bytes after the object, JSON that does not parse) is not
 * its case: it answers null and {@link AssignRequest#parse} decides as before, error and all.
 *
 * <p>Why: the general parse builds a map of the whole body, walks it again for the text rule (a
 * path string per field) and copies the moments out of a JsonArray (~8 % of a repeat /assign's
 * event-loop time). The tokens are Vert.x's own ({@link JacksonCodec#createParser}: the same
 * factory, limits and number types), so what this accepts it reads exactly as the general parse
 * does; AssignBodyEquivalenceTest holds the two to that over generated and hostile bodies.
 */
final class PlainAssignBody {
  private static final int MAX_ATTRIBUTES = AssignRequest.MAX_ATTRIBUTES;
  private static final int MAX_MOMENTS = AssignRequest.MAX_MOMENTS;
  private static final Object NOT_PLAIN = new Object();

  private PlainAssignBody() {}

  /** The request, or null when the body is not the plain case (the general parse decides). */
  static AssignRequest read(Buffer body) {
    try (JsonParser parser = JacksonCodec.createParser(body)) {
      return parser.nextToken() == JsonToken.START_OBJECT ? object(parser) : null;
    } catch (IOException | RuntimeException e) {
      return null; // malformed or unusual: the general parse answers it
    }
  }

  private static AssignRequest object(JsonParser parser) throws IOException {
    String unitId = null;
    JsonObject attributes = null;
    List<String> moments = null;
    for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
      JsonToken value = parser.nextToken();
      switch (field) {
        case "unitId" -> {
          if (unitId != null || value != JsonToken.VALUE_STRING) {
            return null;
          }
          unitId = parser.getText();
          if (!UnitIds.isValid(unitId) || !Text.isValid(unitId)) {
            return null;
          }
        }
        case "moments" -> {
          if (moments != null || value != JsonToken.START_ARRAY) {
            return null;
          }
          moments = moments(parser);
          if (moments == null) {
            return null;
          }
        }
        case "attributes" -> {
          if (attributes != null || value != JsonToken.START_OBJECT) {
            return null;
          }
          attributes = attributes(parser);
          if (attributes == null) {
            return null;
          }
        }
        default -> {
          return null;
        }
      }
    }
    // the object ended (a field name would have come otherwise); nothing may follow it
    if (parser.currentToken() != JsonToken.END_OBJECT
        || unitId == null
        || parser.nextToken() != null) {
      return null;
    }
    return new AssignRequest(unitId, attributes, moments);
  }

  private static List<String> moments(JsonParser parser) throws IOException {
    List<String> keys = new ArrayList<>(4);
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      if (t != JsonToken.VALUE_STRING || keys.size() == MAX_MOMENTS) {
        return null;
      }
      String key = parser.getText();
      if (!Keys.isKey(key)) {
        return null;
      }
      keys.add(key);
    }
    return keys;
  }

  private static JsonObject attributes(JsonParser parser) throws IOException {
    Map<String, Object> map = new LinkedHashMap<>();
    for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
      if (!Text.isValid(name) || map.containsKey(name) || map.size() == MAX_ATTRIBUTES) {
        return null;
      }
      Object value = scalar(parser, parser.nextToken());
      if (value == NOT_PLAIN) {
        return null;
      }
      map.put(name, value);
    }
    return parser.currentToken() == JsonToken.END_OBJECT ? new JsonObject(map) : null;
  }

  /** An attribute's value as the general parse reads it; {@link #NOT_PLAIN} for anything else. */
  private static Object scalar(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> {
        String s = parser.getText();
        yield Text.isValid(s) && s.length() <= AssignRequest.MAX_ATTRIBUTE_CHARS ? s : NOT_PLAIN;
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
          parser.getTextLength() <= AssignRequest.MAX_ATTRIBUTE_CHARS
              ? parser.getNumberValue()
              : NOT_PLAIN;
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> NOT_PLAIN;
    };
  }
}
