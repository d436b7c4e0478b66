package dev.moments.server.report;

import dev.moments.server.stats.Effect;
import dev.moments.server.stats.Interval;
import dev.moments.server.stats.LiftResult;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.SampleStats;
import dev.moments.server.stats.SequentialLook;
import dev.moments.server.store.SequentialLooks;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The JSON of one metric (contract: Reports, "metrics"). Numbers that cannot be computed are
 * omitted.
 */
final class MetricJson {

  static final String NO_UNITS = "no_units";

  private MetricJson() {}

  static JsonObject metric(MetricResult result, String control) {
    MetricSpec spec = result.metric();
    JsonArray variants = new JsonArray();
    result
        .variants()
        .forEach(v -> variants.add(variant(v, spec.type(), spec.metric().window() != null)));
    JsonArray comparisons = new JsonArray();
    result.comparisons().forEach(c -> comparisons.add(comparison(c, control)));
    JsonObject json =
        new JsonObject()
            .put("metric", spec.key())
            .put("role", spec.role().name().toLowerCase(Locale.ROOT))
            .put("type", spec.metric().type().name().toLowerCase(Locale.ROOT))
            .put("direction", spec.direction().wire());
    if (spec.unit() != null) {
      json.put("unit", spec.unit());
    }
    if (spec.metric().window() != null) {
      json.put(
          "window",
          new JsonObject()
              .put("start", spec.metric().window().start().toString())
              .put("end", spec.metric().window().end().toString()));
    }
    return json.put("adjustment", result.adjustment())
        .put("variants", variants)
        .put("comparisons", comparisons);
  }

  private static JsonObject variant(
      MetricResult.VariantSummary v, MetricType type, boolean windowed) {
    SampleStats sample = v.sample();
    JsonObject json =
        new JsonObject()
            .put("key", v.key())
            .put("units", sample.n())
            .put("conversions", v.conversions());
    if (windowed) {
      json.put("maturingUnits", v.maturing());
    }
    if (sample.n() <= 0) {
      return json.put("error", NO_UNITS);
    }
    // (a ratio's sample is NaN where its denominator sums to 0: no ratio yet, not an error)
    if (type != MetricType.RATIO && !sample.sumsFinite()) {
      // its mean or deviation would be computed from it: none is shown, and the error says why
      return json.put("error", LiftResult.NON_FINITE_SUM);
    }
    put(json, "mean", sample.mean());
    if (type == MetricType.MEAN) {
      put(json, "sum", sample.sum());
      if (sample.n() >= 2) {
        put(json, "stddev", Math.sqrt(sample.variance(MetricType.MEAN)));
      }
    }
    return json;
  }

  private static JsonObject comparison(MetricResult.Comparison c, String control) {
    JsonObject json = new JsonObject().put("variant", c.variant()).put("control", control);
    LiftResult lift = c.lift();
    if (!lift.ok()) {
      if (c.sequential() != null) {
        json.put("sequential", sequentialJson(c.sequential()));
      }
      return json.put("significant", false).put("error", lift.error());
    }
    Effect relative = lift.relative();
    put(json, "absoluteLift", lift.absolute().estimate());
    put(json, "relativeLift", relative.estimate());
    if (c.sequential() != null) {
      sequential(json, c.sequential());
    } else {
      json.put("ci", interval(relative.ci()));
      json.put("absoluteCi", interval(lift.absolute().ci()));
    }
    put(json, "pValue", c.pValue());
    put(json, "adjustedPValue", c.adjustedPValue());
    put(json, "chanceToBeat", c.chanceToBeat());
    json.put("significant", c.significant());
    if (c.cuped() != null) {
      cuped(json, c.cuped());
    }
    return c.significant() ? json.put("improvement", c.improvement()) : json;
  }

  /**
   * CUPED: the figures above are adjusted; the unadjusted ones and the variance reduction beside
   * them, or why nothing was adjusted.
   */
  private static void cuped(JsonObject json, CupedReading cuped) {
    LiftResult plain = cuped.unadjusted();
    if (plain.ok()) {
      JsonObject unadjusted = new JsonObject();
      put(unadjusted, "relativeLift", plain.relative().estimate());
      unadjusted.put("ci", interval(plain.relative().ci()));
      put(unadjusted, "pValue", plain.relative().pValue());
      json.put("unadjusted", unadjusted);
    }
    if (cuped.adjusted()) {
      put(json, "varianceReduction", cuped.varianceReduction());
    } else {
      json.put("varianceReductionError", cuped.fallback());
    }
  }

  /**
   * A group-sequential comparison: the intervals are the repeated ones at the latest look (absent
   * before it, and while no stop is possible), the lifts are live and say so with {@code
   * preliminary}.
   */
  private static void sequential(JsonObject json, SequentialComparison s) {
    if (s.relativeCi() != null) {
      json.put("ci", interval(s.relativeCi()));
    }
    if (s.absoluteCi() != null) {
      json.put("absoluteCi", interval(s.absoluteCi()));
    }
    json.put("preliminary", s.preliminary());
    json.put("sequential", sequentialJson(s));
  }

  static JsonObject sequentialJson(SequentialComparison s) {
    JsonObject json = new JsonObject().put("method", SequentialLook.GROUP_SEQUENTIAL);
    SequentialLook look = s.latest();
    if (look == null) {
      return json.put("look", 0).put("final", false).put("error", s.result().error());
    }
    json.put("look", look.look());
    put(json, "informationFraction", look.informationFraction());
    json.put("zBoundary", Double.isFinite(look.zBoundary()) ? look.zBoundary() : null);
    put(json, "alphaSpent", look.alphaSpent());
    put(json, "z", look.z());
    json.put("final", s.isFinal());
    if (s.decided()) {
      json.put("decidedAtLook", s.result().decidedAtLook());
    }
    if (s.cupedFallback() != null) {
      json.put("cupedFallback", s.cupedFallback());
    }
    return s.history().isEmpty() ? json : json.put("looks", looksJson(s));
  }

  /**
   * Every look as it was taken: {@code recordedAt} is when it was first taken (by this report for a
   * new one), and later data never change it; a look without it is not recorded (a segment's or a
   * date range's looks are read again from their data each time).
   */
  private static JsonArray looksJson(SequentialComparison s) {
    JsonArray looks = new JsonArray();
    for (SequentialLooks.Look look : s.history()) {
      JsonObject json =
          new JsonObject()
              .put("look", look.look())
              .put("date", look.day().toString())
              .put("units", (long) look.units());
      put(json, "informationFraction", look.informationFraction());
      put(json, "z", look.estimate() / look.standardError());
      json.put("zBoundary", Double.isFinite(look.zBoundary()) ? look.zBoundary() : null);
      put(json, "alphaSpent", look.alphaSpent());
      if (look.cupedFallback() != null) {
        json.put("cupedFallback", look.cupedFallback());
      }
      if (look.recordedAt() != null) {
        json.put("recordedAt", look.recordedAt().toString());
      }
      looks.add(json);
    }
    return looks;
  }

  static JsonArray interval(Interval ci) {
    return new JsonArray().add(ci.low()).add(ci.high());
  }

  /** Puts the number only when it is finite: the report never carries NaN or Infinity. */
  static void put(JsonObject json, String key, double value) {
    if (Double.isFinite(value)) {
      json.put(key, value);
    }
  }
}
