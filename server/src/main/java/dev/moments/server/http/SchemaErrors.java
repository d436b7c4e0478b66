package dev.moments.server.http;

import io.vertx.json.schema.OutputUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a JSON-schema output unit into a field path like {@code variants[1].weight} and a readable
 * sentence.
 */
final class SchemaErrors {
  private static final Pattern UNKNOWN_PROPERTY =
      Pattern.compile("[Pp]roperty \"?'?([^\"' ]+)\"?'? .*(not allowed|additional|evaluated)");

  private SchemaErrors() {}

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
        if (candidate != null
            && (best == null
                || depth(candidate) > depth(best)
                || depth(candidate) == depth(best)
                    && keywordDepth(candidate) > keywordDepth(best))) {
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

  private static final Pattern REQUIRED = Pattern.compile("required property \"([^\"]+)\"");
  private static final Pattern COMPARISON =
      Pattern.compile("^(\\S+) is (less|greater) than (or equal to )?(\\S+)$");
  private static final Pattern EXPECTED_TYPE = Pattern.compile("Expected (\\w+)");
  private static final Pattern ENUM = Pattern.compile("any of (\\[.*])");

  private static final Pattern PARAMETER =
      Pattern.compile("(?:query|path|header|cookie) parameter (\\S+)");

  /**
   * The parameter a vertx-openapi message names ("The value of query parameter mde is invalid..."),
   * or null.
   */
  static String parameterName(String message) {
    Matcher m = PARAMETER.matcher(String.valueOf(message));
    return m.find() ? m.group(1) : null;
  }

  /** The missing property of a "required" failure, appended to the object's path. */
  static String requiredField(OutputUnit unit, String objectPath) {
    Matcher m = REQUIRED.matcher(String.valueOf(unit.getError()));
    if (!m.find()) {
      return objectPath;
    }
    return objectPath == null ? m.group(1) : objectPath + "." + m.group(1);
  }

  static boolean isRequired(OutputUnit unit) {
    return String.valueOf(unit.getKeywordLocation()).endsWith("required");
  }

  /** A sentence a person can act on, from the JSON-schema keyword that failed. */
  static String sentence(OutputUnit unit, String field) {
    if (isUnknownField(unit)) {
      return field == null
          ? "The request has a field this API does not know."
          : "Unknown field '" + field + "'.";
    }
    String error = String.valueOf(unit.getError());
    String name = field == null ? "The request" : "'" + field + "'";
    String keyword = String.valueOf(unit.getKeywordLocation()).replaceAll(".*/", "");
    Matcher m;
    switch (keyword) {
      case "required":
        return name + " is required.";
      case "pattern":
        return name
            + " must be 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.";
      case "type":
        m = EXPECTED_TYPE.matcher(error);
        return m.find()
            ? name + " must be " + article(m.group(1)) + "."
            : name + " has the wrong type.";
      case "enum":
        m = ENUM.matcher(error);
        return m.find()
            ? name + " must be one of " + m.group(1) + "."
            : name + " is not an allowed value.";
      case "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum":
        m = COMPARISON.matcher(error);
        return m.find()
            ? name + " must be " + bound(keyword) + " " + m.group(4) + " (got " + m.group(1) + ")."
            : name + ": " + error;
      case "minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties":
        return name + ": " + error + ".";
      default:
        return name + " is not valid: " + error + ".";
    }
  }

  private static String bound(String keyword) {
    return switch (keyword) {
      case "minimum" -> "at least";
      case "exclusiveMinimum" -> "greater than";
      case "maximum" -> "at most";
      default -> "less than";
    };
  }

  private static String article(String type) {
    return switch (type) {
      case "object", "array", "integer" -> "an " + type;
      default -> "a " + type;
    };
  }

  private static int keywordDepth(OutputUnit unit) {
    return String.valueOf(unit.getKeywordLocation()).split("/").length;
  }

  private static int depth(OutputUnit unit) {
    String location = String.valueOf(unit.getInstanceLocation());
    return (int) location.chars().filter(c -> c == '/').count();
  }
}
