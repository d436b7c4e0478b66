package dev.moments.sdk;

import java.util.List;

/**
 * A holdout as the SDK config describes it: the units with {@code bucket("holdout:" + key + ":" +
 * unitId) < round(percent * 100)} get no assignment in its {@code moments} (null: every moment of
 * the config). spec/README.md, "Holdouts".
 */
public record HoldoutDefinition(String key, double percent, List<String> moments) {

  public HoldoutDefinition {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException(
          "holdout key must be a non-empty string, got " + VariantDefinition.quoted(key));
    }
    if (!(percent > 0 && percent <= 50)) {
      throw new IllegalArgumentException(
          "holdout \"" + key + "\": percent must be in (0, 50], got " + percent);
    }
    if (moments != null) {
      for (String moment : moments) {
        if (moment == null || moment.isEmpty()) {
          throw new IllegalArgumentException(
              "holdout \"" + key + "\": moments must be non-empty strings, got " + moments);
        }
      }
      moments = List.copyOf(moments);
    }
  }

  /** Whether the holdout covers {@code moment}, one of the config's moments. */
  boolean covers(String moment) {
    return moments == null || moments.contains(moment);
  }

  /** The threshold in buckets: percent * 100 rounded half up (0.07 % is 7 buckets, not 8). */
  int buckets() {
    return (int) Math.floor(percent * 100 + 0.5);
  }
}
