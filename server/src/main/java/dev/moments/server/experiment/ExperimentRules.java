package dev.moments.server.experiment;

import dev.moments.sdk.Targeting;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.PlanDesign;
import dev.moments.server.stats.PowerCalculator;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The checks a JSON schema cannot express (unique variant keys, control names a variant, one role
 * per metric, a planned baseline that fits the metric, targeting the SDKs can parse). The OpenAPI
 * schema has checked types and ranges; failures name the field at fault by its JSON path.
 */
public final class ExperimentRules {
  private ExperimentRules() {}

  public static void checkVariants(List<Variant> variants) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < variants.size(); i++) {
      Variant v = variants.get(i);
      if (!seen.add(v.key())) {
        throw new InvalidException(
            "duplicate_variant",
            "Variant key '" + v.key() + "' is used twice; variant keys must be unique.",
            "variants[" + i + "].key");
      }
      if (!(v.weight() > 0) || Double.isInfinite(v.weight())) {
        throw InvalidException.field(
            "variants[" + i + "].weight", "Weight must be a positive number.");
      }
      if (v.url() != null) {
        checkUrl(v.url(), "variants[" + i + "].url");
      }
    }
    if (variants.size() < 2) {
      throw InvalidException.field("variants", "An experiment needs at least two variants.");
    }
  }

  /**
   * A variant's page: an absolute http(s) URL with a host and no user or password, or a path on the
   * page's own site ({@code /landing-b}); anything else (another scheme, {@code //host}) could send
   * visitors somewhere the team did not mean.
   */
  static void checkUrl(String url, String field) {
    boolean path =
        url.startsWith("/")
            && !url.startsWith("//")
            && url.chars().noneMatch(c -> c <= ' ' || c == 0x7f || c == '\\');
    if (!path && !absoluteHttp(url)) {
      throw InvalidException.field(
          field,
          "url must be an absolute http(s) URL (https://shop.example.com/landing-b) or a path"
              + " starting with / (/landing-b); got '"
              + url
              + "'.");
    }
  }

  /** An absolute http(s) URL with a host and no user information. */
  public static boolean absoluteHttp(String url) {
    try {
      URI uri = new URI(url);
      return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null
          && uri.getRawUserInfo() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  public static void checkControl(String control, List<Variant> variants) {
    if (variants.stream().noneMatch(v -> v.key().equals(control))) {
      throw new InvalidException(
          "unknown_control", "control '" + control + "' is not one of the variants.", "control");
    }
  }

  /**
   * A metric plays one role: the report would otherwise list it twice with different corrections.
   */
  public static void checkMetricRoles(
      Metric primary, List<Metric> secondary, List<Metric> guardrail) {
    Set<String> seen = new HashSet<>();
    seen.add(primary.key());
    checkUnique(secondary, "secondaryMetrics", seen);
    checkUnique(guardrail, "guardrailMetrics", seen);
  }

  private static void checkUnique(List<Metric> metrics, String field, Set<String> seen) {
    for (int i = 0; i < metrics.size(); i++) {
      String key = metrics.get(i).key();
      if (!seen.add(key)) {
        throw new InvalidException(
            "duplicate_metric",
            "Metric '" + key + "' appears more than once; each metric has one role.",
            field + "[" + i + "].key");
      }
    }
  }

  /**
   * A cap winsorises a unit's total, which only a mean metric has: a binomial metric counts 0 or 1
   * per unit whatever its values.
   */
  public static void checkCaps(Metric primary, List<Metric> secondary, List<Metric> guardrail) {
    checkCap(primary, "primaryMetric");
    for (int i = 0; i < secondary.size(); i++) {
      checkCap(secondary.get(i), "secondaryMetrics[" + i + "]");
    }
    for (int i = 0; i < guardrail.size(); i++) {
      checkCap(guardrail.get(i), "guardrailMetrics[" + i + "]");
    }
  }

  private static void checkCap(Metric m, String path) {
    if (m.cap() != null && m.type() != MetricType.MEAN) {
      throw InvalidException.field(
          path + ".cap",
          "Only a mean metric can be capped; '"
              + m.key()
              + "' is "
              + m.type().name().toLowerCase()
              + ".");
    }
  }

  /**
   * Funnel steps are metrics of the experiment, each once, and none a metric that should go down: a
   * funnel counts the units that got further, so every step is one the team wants more of.
   */
  public static void checkFunnel(Funnel funnel, List<Metric> metrics) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < funnel.steps().size(); i++) {
      String step = funnel.steps().get(i);
      String field = "funnel[" + i + "]";
      Metric metric = metrics.stream().filter(m -> m.key().equals(step)).findFirst().orElse(null);
      if (metric == null) {
        throw new InvalidException(
            "unknown_metric",
            "Funnel step '"
                + step
                + "' is not a metric of this experiment; declare it as the"
                + " primary, a secondary or a guardrail metric first.",
            field);
      }
      if (!seen.add(step)) {
        throw new InvalidException(
            "duplicate_metric", "Funnel step '" + step + "' appears more than once.", field);
      }
      if (metric.type() == MetricType.RATIO) {
        throw InvalidException.field(
            field,
            "Funnel step '"
                + step
                + "' is a ratio metric; a step is an event metric a unit converts on.");
      }
      if (metric.direction() == Direction.DECREASE) {
        throw InvalidException.field(
            field,
            "Funnel step '"
                + step
                + "' is a metric that should decrease; a funnel counts the"
                + " units that reached each step, so every step must be one to increase.");
      }
    }
  }

  /**
   * A plan beyond {@value #MAX_PLANNED_UNITS} visitors will never finish: weights so skewed that
   * the smallest arm fills too slowly, or an effect too small for the baseline. Without a planned
   * baseline the plan is the default one, so only the weights can make it too large here.
   */
  public static void checkPlanSize(List<Variant> variants, Metric primary, StatsSettings stats) {
    double[] weights = variants.stream().mapToDouble(Variant::weight).toArray();
    long perVariant;
    try {
      perVariant = plannedPerVariant(primary, stats, variants.size());
    } catch (IllegalArgumentException tooSmall) {
      throw InvalidException.field(
          "stats.mde",
          "The planned sample cannot be computed for this baseline and mde ("
              + tooSmall.getMessage()
              + "); plan a larger mde.");
    }
    long needed;
    try {
      needed = new PowerCalculator.SampleSize(perVariant, perVariant).totalUnits(weights);
    } catch (IllegalArgumentException overflow) {
      needed = Long.MAX_VALUE;
    }
    if (needed <= MAX_PLANNED_UNITS) {
      return;
    }
    long equal = perVariant * variants.size();
    boolean weightsToBlame = equal <= MAX_PLANNED_UNITS;
    int smallest = 0;
    for (int i = 1; i < variants.size(); i++) {
      smallest = variants.get(i).weight() < variants.get(smallest).weight() ? i : smallest;
    }
    String count =
        needed == Long.MAX_VALUE
            ? "more than 9 quintillion"
            : String.format(Locale.ROOT, "%,d", needed);
    throw InvalidException.field(
        weightsToBlame ? "variants[" + smallest + "].weight" : "stats.mde",
        String.format(
            Locale.ROOT,
            "This plan needs %s visitors (%,d per variant%s), more than the %,d an experiment"
                + " may plan for; %s.",
            count,
            perVariant,
            weightsToBlame
                ? ", and '"
                    + variants.get(smallest).key()
                    + "' gets only "
                    + share(variants.get(smallest).weight(), weights)
                    + " of them"
                : "",
            MAX_PLANNED_UNITS,
            weightsToBlame ? "give the smallest variant more weight" : "plan a larger mde"));
  }

  /** The most visitors an experiment may plan for (create and patch refuse more). */
  public static final long MAX_PLANNED_UNITS = 100_000_000L;

  /**
   * Per variant, the plan the report will use ({@link PlanDesign}: at the design's level and, for a
   * group-sequential design, inflated for its looks).
   */
  private static long plannedPerVariant(Metric primary, StatsSettings stats, int variants) {
    Double baseline = stats.plannedBaseline();
    if (baseline == null) {
      return (PowerCalculator.DEFAULT_TOTAL_UNITS + variants - 1) / variants;
    }
    PlanDesign design =
        PlanDesign.of(
            stats.method(),
            stats.spending(),
            stats.correction(),
            stats.alpha(),
            stats.power(),
            variants);
    PowerCalculator.SampleSize fixed =
        primary.type().statistic() == MetricType.BINOMIAL
            ? PowerCalculator.binomial(baseline, stats.mde(), design.alpha(), stats.power())
            : PowerCalculator.mean(
                baseline, stats.plannedStddev(), stats.mde(), design.alpha(), stats.power());
    return design.plan(fixed).unitsPerVariant();
  }

  private static String share(double weight, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    return String.format(Locale.ROOT, "%.4g %%", 100 * weight / total);
  }

  /**
   * A planned baseline must be a rate for a binomial primary metric, and a mean needs its stddev
   * too.
   */
  public static void checkPlannedBaseline(StatsSettings stats, Metric primary) {
    Double baseline = stats.plannedBaseline();
    if (baseline == null) {
      return;
    }
    boolean binomial = primary.type().statistic() == MetricType.BINOMIAL;
    if (binomial && !(baseline < 1)) {
      throw InvalidException.field(
          "stats.baseline", "For a binomial primary metric the baseline is a rate below 1.");
    }
    if (binomial && !(baseline * (1 + stats.mde()) < 1)) {
      throw InvalidException.field(
          "stats.mde", "baseline × (1 + mde) must stay below 1 for a binomial metric.");
    }
    if (!binomial && stats.plannedStddev() == null) {
      throw InvalidException.field(
          "stats.stddev", "A mean primary metric with a planned baseline needs its stddev.");
    }
  }

  /**
   * Targeting is checked by the same parser every SDK runs, so a condition the SDKs would refuse
   * (an {@code eq} without a value, say) is a 400 here instead of a configuration no SDK can load.
   */
  public static void checkTargeting(JsonObject targeting) {
    if (targeting == null) {
      return;
    }
    try {
      Targeting.parse(targeting.encode());
    } catch (IllegalArgumentException e) {
      throw InvalidException.field("targeting", "Invalid targeting: " + e.getMessage());
    }
  }

  public static void checkRollout(String rollout, Experiment experiment) {
    if (rollout != null && !experiment.hasVariant(rollout)) {
      throw new InvalidException(
          "unknown_variant",
          "rollout '" + rollout + "' is not a variant of experiment '" + experiment.key() + "'.",
          "rollout");
    }
  }
}
