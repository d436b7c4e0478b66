package dev.moments.server.http;

import dev.moments.server.domain.InvalidException;
import dev.moments.server.stats.PowerCalculator;
import dev.moments.server.stats.PowerCalculator.SampleSize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * GET /api/v1/power: units per variant to detect a relative lift {@code mde} over {@code baseline},
 * as R's power.prop.test computes it (rounded up); with {@code stddev}, for a mean metric as
 * power.t.test does.
 */
final class PowerHandler {
  void get(RoutingContext ctx) {
    double baseline = number(ctx, "baseline", Double.NaN);
    double mde = number(ctx, "mde", Double.NaN);
    double alpha = number(ctx, "alpha", 0.05);
    double power = number(ctx, "power", 0.8);
    int variants = (int) number(ctx, "variants", 2);
    String stddevText = Responses.query(ctx, "stddev");
    SampleSize size;
    try {
      size =
          stddevText == null
              ? PowerCalculator.binomial(baseline, mde, alpha, power)
              : PowerCalculator.mean(baseline, Double.parseDouble(stddevText), mde, alpha, power);
    } catch (IllegalArgumentException e) {
      ctx.fail(
          new InvalidException(
              "invalid_field", e.getMessage(), stddevText == null ? "baseline" : "stddev"));
      return;
    }
    Responses.json(
        ctx,
        200,
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
            .put("variants", variants));
  }

  private static double number(RoutingContext ctx, String name, double fallback) {
    String value = Responses.query(ctx, name);
    return value == null ? fallback : Double.parseDouble(value);
  }
}
