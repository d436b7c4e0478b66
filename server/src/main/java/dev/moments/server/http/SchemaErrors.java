package dev.moments.server.http;

import io.vertx.json.schema.OutputUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a JSON-schema output unit into a field path like {@code variants[1].weight} and a readable sentence. */
final class SchemaErrors {
  private static final Pattern UNKNOWN_PROPERTY = Pattern.compile("[Pp]roperty \"?'?([^\"' ]+)\"?'? .*(not allowed|additional|evaluated)");

  private SchemaErrors() {
  }

  /** The deepest leaf error: the one that points at the field actually at fault. */
  static OutputUnit mostSpecific(OutputUnit root) {
    if (root == null) {
      return null;
    }
    OutputUnit best = root.getError() != null ? root : null;
    List<OutputUnit> errors = root.getErrors();
    if (errors != null) {
      for (OutputUnit child : errors) {
        OutputUnit candidate = mostSpecific(child);
        if (candidate != null && (best == null || depth(candidate) > depth(best))) {
          best = candidate;
        }
      }
    }
    return best;
  }

  static boolean isUnknownField(OutputUnit unit) {
    String keyword = String.valueOf(unit.getKeywordLocation());
    return keyword.endsWith("additionalProperties") || keyword.endsWith("unevaluatedProperties");
  }

  static String fieldPath(OutputUnit unit) {
    String pointer = String.valueOf(unit.getInstanceLocation());
    StringBuilder path = new StringBuilder();
    for (String token : pointer.replaceFirst("^#", "").split("/")) {
      if (token.isEmpty()) {
        continue;
      }
      String t = token.replace("~1", "/").replace("~0", "~");
      if (t.chars().allMatch(Character::isDigit)) {
        path.append('[').append(t).append(']');
      } else {
        path.append(path.length() == 0 ? "" : ".").append(t);
      }
    }
    if (isUnknownField(unit)) {
      Matcher m = UNKNOWN_PROPERTY.matcher(String.valueOf(unit.getError()));
      if (m.find() && !path.toString().endsWith(m.group(1))) {
        path.append(path.length() == 0 ? "" : ".").append(m.group(1));
      }
    }
    return path.length() == 0 ? null : path.toString();
  }

  static String sentence(OutputUnit unit, String field) {
    if (isUnknownField(unit)) {
      return field == null ? "The request has a field this API does not know." : "Unknown field '" + field + "'.";
    }
    String error = String.valueOf(unit.getError());
    return field == null ? "Invalid request: " + error : "Invalid '" + field + "': " + error;
  }

  private static int depth(OutputUnit unit) {
    String location = String.valueOf(unit.getInstanceLocation());
    return (int) location.chars().filter(c -> c == '/').count();
  }
}
