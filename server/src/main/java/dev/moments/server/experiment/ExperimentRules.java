package dev.moments.server.experiment;

import dev.moments.sdk.Targeting;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.stats.MetricType;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks a JSON schema cannot express (unique variant keys, control names a variant, one role
 * per metric, targeting the SDKs can parse; the plan's are {@link PlanRules}'). The OpenAPI schema
 * has checked types and ranges; failures name the field at fault by its JSON path.
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
