package dev.moments.server.http;

import dev.moments.sdk.UnitIds;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.domain.Keys;
import dev.moments.server.domain.Text;
import dev.moments.server.events.EventBatchParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of POST /assign, checked by hand against the contract's AssignRequest schema. This is
 * the hottest route, and the generic JSON-schema validator costs half its throughput; the checks
 * and error bodies are the same as the router's (field path, unknown fields rejected).
 */
record AssignRequest(String unitId, JsonObject attributes, List<String> moments) {
  private static final Set<String> FIELDS = Set.of("unitId", "attributes", "moments");
  static final int MAX_ATTRIBUTES = 64;
  static final int MAX_MOMENTS = 100;

  /**
   * The longest attribute value, as events' attributes (a string's characters; a number's digits, a
   * nested value's JSON): one /assign with an 8,000-character device stopped the fold for every
   * experiment ("index row size exceeds btree maximum", retried for ever).
   */
  static final int MAX_ATTRIBUTE_CHARS = EventBatchParser.MAX_ATTRIBUTE_VALUE_CHARS;

  static AssignRequest parse(Buffer body) {
    AssignRequest plain = body == null ? null : PlainAssignBody.read(body);
    return plain != null ? plain : parseTree(body);
  }

  /** The general parse: the whole body as a tree, then each rule; every error is decided here. */
  static AssignRequest parseTree(Buffer body) {
    JsonObject json;
    try {
      json = body == null || body.length() == 0 ? null : new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw new InvalidException("malformed_json", "The request body is not a JSON object.", null);
    }
    if (json == null) {
      throw new InvalidException("missing_body", "Send a JSON body with at least a unitId.", null);
    }
    Text.check(json, "");
    for (String field : json.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new InvalidException("unknown_field", "Unknown field '" + field + "'.", field);
      }
    }
    return new AssignRequest(
        unitId(json.getValue("unitId")),
        attributes(json.getValue("attributes")),
        moments(json.getValue("moments")));
  }

  private static String unitId(Object value) {
    if (value == null) {
      throw new InvalidException("missing_field", "'unitId' is required.", "unitId");
    }
    if (!(value instanceof String id) || !UnitIds.isValid(id)) {
      throw InvalidException.field("unitId", "'unitId' must be a string of 1 to 256 characters.");
    }
    return id;
  }

  private static JsonObject attributes(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject attributes)) {
      throw InvalidException.field("attributes", "'attributes' must be an object.");
    }
    if (attributes.size() > MAX_ATTRIBUTES) {
      throw InvalidException.field(
          "attributes", "'attributes' may hold at most " + MAX_ATTRIBUTES + " entries.");
    }
    for (Map.Entry<String, Object> attribute : attributes) {
      if (text(attribute.getValue()).length() > MAX_ATTRIBUTE_CHARS) {
        String field = "attributes." + attribute.getKey();
        throw InvalidException.field(
            field,
            "'"
                + field
                + "' must be at most "
                + MAX_ATTRIBUTE_CHARS
                + " characters (a number's digits, a nested value's JSON).");
      }
    }
    return attributes;
  }

  /** An attribute value's text as the fold would make a segment of it. */
  private static String text(Object value) {
    return value instanceof JsonObject o
        ? o.encode()
        : value instanceof JsonArray a ? a.encode() : String.valueOf(value);
  }

  private static List<String> moments(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array) || array.size() > MAX_MOMENTS) {
      throw InvalidException.field(
          "moments", "'moments' must be an array of at most " + MAX_MOMENTS + " moment keys.");
    }
    List<String> keys = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String key) || !Keys.isKey(key)) {
        throw InvalidException.field(
            "moments[" + i + "]", "'moments[" + i + "]' must be a moment key.");
      }
      keys.add(key);
    }
    return keys;
  }
}
