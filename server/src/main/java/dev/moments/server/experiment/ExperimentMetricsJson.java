package dev.moments.server.experiment;

import dev.moments.server.domain.InvalidException;
import dev.moments.server.stats.MetricType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An experiment's declared metrics and funnel as the API and the experiments table carry them, and
 * back; part of {@link ExperimentJson}'s mapping.
 */
public final class ExperimentMetricsJson {
  private ExperimentMetricsJson() {}

  /**
   * A metric given as its bare key or as an object; the type defaults to binomial, the direction to
   * increase.
   */
  public static Metric metric(Object json) {
    if (json instanceof String key) {
      return Metric.binomial(key);
    }
    JsonObject m = (JsonObject) json;
    String type = m.getString("type");
    String direction = m.getString("direction");
    return new Metric(
        m.getString("key"),
        type == null ? null : MetricType.valueOf(type.toUpperCase(Locale.ROOT)),
        m.getString("name"),
        direction == null ? null : Direction.fromWire(direction),
        m.getString("unit"),
        m.getDouble("cap"),
        m.getString("numerator"),
        m.getString("denominator"),
        window(m.getJsonObject("window")));
  }

  /**
   * A metric's window: ISO-8601 durations (PT0S, P7D, PT12H). A bad duration is a 400 on {@code
   * window}; the report of the field path is {@link MetricDefinitions}'s.
   */
  static MetricWindow window(JsonObject json) {
    if (json == null) {
      return null;
    }
    try {
      return new MetricWindow(
          Duration.parse(json.getString("start", "PT0S")), Duration.parse(json.getString("end")));
    } catch (DateTimeParseException | NullPointerException e) {
      throw InvalidException.field(
          "window",
          "A metric window's start and end are ISO-8601 durations such as PT0S, PT12H or P7D.");
    }
  }

  public static List<Metric> metrics(JsonArray json) {
    List<Metric> metrics = new ArrayList<>();
    if (json != null) {
      json.forEach(m -> metrics.add(metric(m)));
    }
    return metrics;
  }

  public static JsonObject metricJson(Metric m) {
    JsonObject json =
        new JsonObject()
            .put("key", m.key())
            .put("type", m.type().name().toLowerCase(Locale.ROOT))
            .put("direction", m.direction().wire());
    if (m.name() != null) {
      json.put("name", m.name());
    }
    if (m.unit() != null) {
      json.put("unit", m.unit());
    }
    if (m.window() != null) {
      json.put(
          "window",
          new JsonObject()
              .put("start", m.window().start().toString())
              .put("end", m.window().end().toString()));
    }
    if (m.numerator() != null) {
      json.put("numerator", m.numerator()).put("denominator", m.denominator());
    }
    return m.cap() == null ? json : json.put("cap", m.cap());
  }

  public static JsonArray metricsJson(List<Metric> metrics) {
    JsonArray json = new JsonArray();
    metrics.forEach(m -> json.add(metricJson(m)));
    return json;
  }

  /** A declared funnel: metric keys in order; absent or null is no funnel. */
  public static Funnel funnel(JsonArray json) {
    return json == null ? Funnel.NONE : new Funnel(json.stream().map(String.class::cast).toList());
  }

  public static JsonArray funnelJson(Funnel funnel) {
    return new JsonArray(new ArrayList<>(funnel.steps()));
  }
}
