package dev.moments.server.http;

import dev.moments.server.domain.InvalidException;
import dev.moments.server.stats.Correction;
import dev.moments.server.stats.PlanDesign;
import dev.moments.server.stats.PowerCalculator;
import dev.moments.server.stats.PowerCalculator.SampleSize;
import dev.moments.server.stats.Spending;
import dev.moments.server.stats.TestMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * GET /api/v1/power: units per variant to detect a relative lift {@code mde} over {@code baseline},
 * as R's power.prop.test computes it (rounded up); with {@code stddev}, for a mean metric as
 * power.t.test does. For {@code method=group_sequential} (the default, as for new experiments) the
 * plan is the one the report uses: the fixed test's sample at the design's level (alpha / (variants
 * - 1) under holm or bh) times the design's inflation factor for 30 daily looks. An expected CUPED
 * {@code varianceReduction} (0..0.9, default 0) shrinks the plan by that share.
 */
final class PowerHandler {

  /** The query, parsed once; {@code stddev} null for a binomial metric. */
  private record Query(
      double baseline,
      double mde,
      double alpha,
      double power,
      int variants,
      TestMethod method,
      Spending spending,
      Correction correction,
      String stddev,
      double varianceReduction) {

    static Query of(RoutingContext ctx) {
      return new Query(
          number(ctx, "baseline", Double.NaN),
          number(ctx, "mde", Double.NaN),
          number(ctx, "alpha", 0.05),
          number(ctx, "power", 0.8),
          (int) number(ctx, "variants", 2),
          TestMethod.ofApiName(text(ctx, "method", "group_sequential")),
          Spending.ofApiName(text(ctx, "spending", "obrien_fleming")),
          Correction.valueOf(text(ctx, "correction", "holm").toUpperCase(Locale.ROOT)),
          Responses.query(ctx, "stddev"),
          number(ctx, "varianceReduction", 0));
    }

    PlanDesign design() {
      return PlanDesign.of(method, spending, correction, alpha, power, variants);
    }

    /** The fixed test's sample at the design's level. */
    SampleSize fixed(PlanDesign design) {
      return stddev == null
          ? PowerCalculator.binomial(baseline, mde, design.alpha(), power)
          : PowerCalculator.mean(baseline, Double.parseDouble(stddev), mde, design.alpha(), power);
    }
  }

  void get(RoutingContext ctx) {
    Query q = Query.of(ctx);
    PlanDesign design = q.design();
    SampleSize fixed;
    try {
      fixed = q.fixed(design);
    } catch (IllegalArgumentException e) {
      ctx.fail(
          new InvalidException(
              "invalid_field", e.getMessage(), q.stddev() == null ? "baseline" : "stddev"));
      return;
    }
    Responses.json(ctx, 200, answer(q, design, fixed));
  }

  private static JsonObject answer(Query q, PlanDesign design, SampleSize fixed) {
    SampleSize size = design.plan(fixed, q.varianceReduction());
    JsonObject answer =
        new JsonObject()
            .put("unitsPerVariant", size.unitsPerVariant())
            .put("totalUnits", size.totalUnits(q.variants()))
            .put("exactUnitsPerVariant", size.exactUnitsPerVariant())
            .put("type", q.stddev() == null ? "binomial" : "mean")
            .put("baseline", q.baseline())
            .put("target", q.baseline() * (1 + q.mde()))
            .put("mde", q.mde())
            .put("alpha", q.alpha())
            .put("power", q.power())
            .put("variants", q.variants())
            .put("method", q.method().apiName())
            .put("fixedUnitsPerVariant", fixed.unitsPerVariant())
            .put("inflationFactor", design.inflationFactor())
            .put("varianceReduction", q.varianceReduction());
    if (q.method() == TestMethod.GROUP_SEQUENTIAL) {
      answer
          .put("spending", q.spending().apiName())
          .put("comparisonAlpha", design.alpha())
          .put("looks", PowerCalculator.PLANNED_LOOKS);
    }
    return answer;
  }

  private static double number(RoutingContext ctx, String name, double fallback) {
    String value = Responses.query(ctx, name);
    return value == null ? fallback : Double.parseDouble(value);
  }

  private static String text(RoutingContext ctx, String name, String fallback) {
    String value = Responses.query(ctx, name);
    return value == null ? fallback : value;
  }
}
