package dev.moments.server.experiment;

import dev.moments.server.domain.InvalidException;
import dev.moments.server.domain.Keys;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A journey holdout (spec/README.md, "Holdouts"): {@code percent} of units, chosen by their own
 * hash, are kept out of every experiment on {@code moments} (null: every moment), so that its
 * report compares them with everyone else there.
 *
 * @param moments null for every moment
 * @param metrics the metric keys its report compares by default (may be empty)
 * @param endedAt null while it runs; an ended holdout leaves /sdk/config, its report stays
 */
public record Holdout(
    String key,
    String name,
    double percent,
    List<String> moments,
    List<String> metrics,
    Instant createdAt,
    Instant endedAt) {

  public static final double MAX_PERCENT = 50;

  public Holdout {
    Objects.requireNonNull(key, "key");
    moments = moments == null ? null : List.copyOf(moments);
    metrics = List.copyOf(metrics);
  }

  public boolean running() {
    return endedAt == null;
  }

  public String status() {
    return running() ? "running" : "ended";
  }

  /** Whether the holdout covers this moment. */
  public boolean covers(String moment) {
    return moments == null || moments.contains(moment);
  }

  /**
   * The rules a schema cannot say: percent in (0, 50] with at most two decimals (the SDKs turn it
   * into whole buckets of 0.01 %), keys of moments and metrics without repeats.
   */
  public static Holdout validated(Holdout h) {
    if (!Keys.isKey(h.key())) {
      throw new InvalidException("invalid_field", "key must match " + Keys.REGEX + ".", "key");
    }
    if (!(h.percent() > 0 && h.percent() <= MAX_PERCENT)) {
      throw new InvalidException(
          "invalid_field", "percent must be in (0, 50], got " + h.percent() + ".", "percent");
    }
    if (new BigDecimal(Double.toString(h.percent())).stripTrailingZeros().scale() > 2) {
      throw new InvalidException(
          "invalid_field",
          "percent may have at most two decimals (0.01 % steps), got " + h.percent() + ".",
          "percent");
    }
    if (h.moments() != null) {
      unique(h.moments(), "moments");
    }
    unique(h.metrics(), "metrics");
    return h;
  }

  private static void unique(List<String> keys, String field) {
    HashSet<String> seen = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      if (!Keys.isKey(keys.get(i))) {
        throw new InvalidException(
            "invalid_field",
            field + " must be keys matching " + Keys.REGEX + ".",
            field + "[" + i + "]");
      }
      if (!seen.add(keys.get(i))) {
        throw new InvalidException(
            "invalid_field", field + " names '" + keys.get(i) + "' twice.", field + "[" + i + "]");
      }
    }
  }
}
