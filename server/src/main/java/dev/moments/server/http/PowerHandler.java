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
  void get(RoutingContext ctx) {
    double baseline = number(ctx, "baseline", Double.NaN);
    double mde = number(ctx, "mde", Double.NaN);
    double alpha = number(ctx, "alpha", 0.05);
    double power = number(ctx, "power", 0.8);
    int variants = (int) number(ctx, "variants", 2);
    TestMethod method = TestMethod.ofApiName(text(ctx, "method", "group_sequential"));
    Spending spending = Spending.ofApiName(text(ctx, "spending", "obrien_fleming"));
    Correction correction =
        Correction.valueOf(text(ctx, "correction", "holm").toUpperCase(Locale.ROOT));
    boolean groupSequential = method == TestMethod.GROUP_SEQUENTIAL;
    PlanDesign design = PlanDesign.of(method, spending, correction, alpha, power, variants);
    double designAlpha = design.alpha();
    String stddevText = Responses.query(ctx, "stddev");
    SampleSize fixed;
    try {
      fixed =
          stddevText == null
              ? PowerCalculator.binomial(baseline, mde, designAlpha, power)
              : PowerCalculator.mean(
                  baseline, Double.parseDouble(stddevText), mde, designAlpha, power);
    } catch (IllegalArgumentException e) {
      ctx.fail(
          new InvalidException(
              "invalid_field", e.getMessage(), stddevText == null ? "baseline" : "stddev"));
      return;
    }
    double inflation = design.inflationFactor();
    double reduction = number(ctx, "varianceReduction", 0);
    SampleSize size = design.plan(fixed, reduction);
    JsonObject answer =
        new JsonObject()
            .put("unitsPerVariant", size.unitsPerVariant())
            .put("totalUnits", size.totalUnits(variants))
            .put("exactUnitsPerVariant", size.exactUnitsPerVariant())
            .put("type", stddevText == null ? "binomial" : "mean")
            .put("baseline", baseline)
            .put("target", baseline * (1 + mde))
            .put("mde", mde)
            .put("alpha", alpha)
            .put("power", power)
            .put("variants", variants)
            .put("method", method.apiName())
            .put("fixedUnitsPerVariant", fixed.unitsPerVariant())
            .put("inflationFactor", inflation)
            .put("varianceReduction", reduction);
    if (groupSequential) {
      answer
          .put("spending", spending.apiName())
          .put("comparisonAlpha", designAlpha)
          .put("looks", PowerCalculator.PLANNED_LOOKS);
    }
    Responses.json(ctx, 200, answer);
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
