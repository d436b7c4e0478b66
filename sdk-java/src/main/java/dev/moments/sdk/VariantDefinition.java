package dev.moments.sdk;

/**
 * One variant: its key, its relative weight, its payload as raw JSON text (null: no payload), and
 * its kind ({@code landing_page}, {@code ad}, {@code generic}; null when the config gives none).
 */
public record VariantDefinition(String key, double weight, String payloadJson, String kind) {
  static final String AD = "ad";

  /** A variant without a kind. */
  public VariantDefinition(String key, double weight, String payloadJson) {
    this(key, weight, payloadJson, null);
  }

  public VariantDefinition {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException(
          "variant key must be a non-empty string, got " + quoted(key));
    }
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "variant \"" + key + "\": weight must be a finite number >= 0, got " + weight);
    }
  }

  static String quoted(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
