package dev.moments.server.experiment;

import dev.moments.server.domain.InvalidException;
import dev.moments.server.stats.Correction;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.Spending;
import dev.moments.server.stats.TestMethod;
import dev.moments.server.stats.VarianceReduction;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Experiments as the API, the audit log and the experiments table's JSON columns carry them, and
 * back: the one mapping between the typed values and their JSON. Request bodies reach it checked by
 * the contract's schema, so shapes are trusted here; the rules a schema cannot express are {@link
 * ExperimentRules}'.
 */
public final class ExperimentJson {
  private ExperimentJson() {}

  /** The experiment as {@code GET /experiments/{key}} answers it. */
  public static JsonObject toJson(Experiment e) {
    return new JsonObject()
        .put("key", e.key())
        .put("moment", e.moment())
        .put("name", e.name())
        .put("hypothesis", e.hypothesis())
        .put("status", e.status().wire())
        .put("salt", e.salt())
        .put("trafficPercent", e.trafficPercent())
        .put("ranges", rangesJson(e.ranges()))
        .put("variants", variantsJson(e.variants()))
        .put("control", e.control())
        .put("primaryMetric", metricJson(e.primaryMetric()))
        .put("secondaryMetrics", metricsJson(e.secondaryMetrics()))
        .put("guardrailMetrics", metricsJson(e.guardrailMetrics()))
        .put("funnel", funnelJson(e.funnel()))
        .put("targeting", e.targeting() == null ? null : e.targeting().copy())
        .put("stats", statsJson(e.stats()))
        .put("rollout", e.rollout())
        .put("createdAt", text(e.createdAt()))
        .put("updatedAt", text(e.updatedAt()))
        .put("startedAt", text(e.startedAt()))
        .put("stoppedAt", text(e.stoppedAt()))
        .put("startAt", text(e.schedule().startAt()))
        .put("stopAt", text(e.schedule().stopAt()))
        .put("stopRollout", e.schedule().rollout())
        .put("scheduleError", e.schedule().error())
        .put("archived", e.archived())
        .put("archivedAt", text(e.archivedAt()))
        .put("sticky", e.sticky())
        .put("allocation", e.allocation().toJson());
  }

  /**
   * A {@code POST /experiments} body as a draft, before its rules are checked, with the metrics of
   * its {@code preset} added.
   */
  public static Experiment draft(JsonObject body) {
    return draft(body, Allocation.MIN_UPDATE_EVERY);
  }

  /**
   * @param minUpdateEvery the least {@code allocation.updateEvery} accepted ({@link
   *     Allocation#MIN_UPDATE_EVERY} but in tests)
   */
  public static Experiment draft(JsonObject body, Duration minUpdateEvery) {
    List<Variant> variants = variants(body.getJsonArray("variants"));
    Allocation allocation =
        Allocation.parse(body.getJsonObject("allocation"), variants.size(), minUpdateEvery);
    Experiment draft =
        Experiment.builder()
            .key(body.getString("key"))
            .moment(body.getString("moment"))
            .name(body.getString("name"))
            .hypothesis(body.getString("hypothesis"))
            .trafficPercent(body.getDouble("trafficPercent", 100.0))
            .variants(variants)
            .control(body.getString("control"))
            .primaryMetric(metric(body.getValue("primaryMetric")))
            .secondaryMetrics(metrics(body.getJsonArray("secondaryMetrics")))
            .guardrailMetrics(metrics(body.getJsonArray("guardrailMetrics")))
            .funnel(funnel(body.getJsonArray("funnel")))
            .targeting(body.getJsonObject("targeting"))
            .stats(stats(body.getJsonObject("stats")))
            .sticky(Allocation.sticky(allocation, body.getBoolean("sticky")))
            .allocation(allocation)
            .schedule(
                new Schedule(
                    instant(body, "startAt"),
                    instant(body, "stopAt"),
                    body.getString("rollout"),
                    null))
            .build();
    String preset = body.getString("preset");
    return preset == null ? draft : MetricPreset.fromWire(preset).applyTo(draft);
  }

  /** A {@code PATCH /experiments/{key}} body. */
  public static ExperimentPatch patch(JsonObject body) {
    return patch(body, Allocation.MIN_UPDATE_EVERY);
  }

  /**
   * @param minUpdateEvery as for {@link #draft(JsonObject, Duration)}; the allocation's floor is
   *     checked against the variants once the patch is applied ({@link Allocation#checkArms})
   */
  public static ExperimentPatch patch(JsonObject body, Duration minUpdateEvery) {
    return new ExperimentPatch(
        new ArrayList<>(body.fieldNames()),
        body.getString("name"),
        body.getString("hypothesis"),
        body.getDouble("trafficPercent"),
        body.containsKey("variants") ? variants(body.getJsonArray("variants")) : null,
        body.getString("control"),
        body.containsKey("primaryMetric") ? metric(body.getValue("primaryMetric")) : null,
        body.containsKey("secondaryMetrics")
            ? metrics(body.getJsonArray("secondaryMetrics"))
            : null,
        body.containsKey("guardrailMetrics")
            ? metrics(body.getJsonArray("guardrailMetrics"))
            : null,
        body.containsKey("funnel") ? funnel(body.getJsonArray("funnel")) : null,
        body.getJsonObject("targeting"),
        body.containsKey("stats") ? statsPatch(body.getJsonObject("stats")) : null,
        instant(body, "startAt"),
        instant(body, "stopAt"),
        body.getString("rollout"),
        body.getBoolean("sticky"),
        body.containsKey("allocation")
            ? Allocation.parse(body.getJsonObject("allocation"), 0, minUpdateEvery)
            : null);
  }

  /**
   * An ISO-8601 date and time with its offset ({@code 2026-12-01T09:00:00Z}, {@code
   * 2026-12-01T10:00:00+01:00}); null when absent or null.
   */
  static Instant instant(JsonObject body, String field) {
    String text = body.getString(field);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw InvalidException.field(
          field,
          field
              + " must be an ISO-8601 date and time with its offset, like 2026-12-01T09:00:00Z;"
              + " got '"
              + text
              + "'.");
    }
  }

  public static List<Variant> variants(JsonArray json) {
    List<Variant> variants = new ArrayList<>();
    for (int i = 0; json != null && i < json.size(); i++) {
      JsonObject v = json.getJsonObject(i);
      String kind = v.getString("kind");
      variants.add(
          new Variant(
              v.getString("key"),
              v.getString("name"),
              v.getDouble("weight"),
              kind == null ? null : Variant.Kind.fromWire(kind),
              v.getJsonObject("payload"),
              v.getString("url")));
    }
    return variants;
  }

  /** The variant's {@code url}, when it has one, added to its JSON. */
  public static JsonObject withUrl(JsonObject json, Variant v) {
    return v.url() == null ? json : json.put("url", v.url());
  }

  public static JsonArray variantsJson(List<Variant> variants) {
    JsonArray json = new JsonArray();
    for (Variant v : variants) {
      JsonObject variant = new JsonObject().put("key", v.key());
      if (v.name() != null) {
        variant.put("name", v.name());
      }
      variant.put("weight", v.weight()).put("kind", v.kind().wire());
      json.add(withUrl(variant.put("payload", v.payload().copy()), v));
    }
    return json;
  }

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

  /** Stats settings; the ones not given take {@link StatsSettings#DEFAULT}'s values. */
  public static StatsSettings stats(JsonObject json) {
    return json == null ? StatsSettings.DEFAULT : statsPatch(json).applyTo(StatsSettings.DEFAULT);
  }

  public static StatsSettings.Patch statsPatch(JsonObject json) {
    String correction = json.getString("correction");
    String spending = json.getString("spending");
    return new StatsSettings.Patch(
        json.getDouble("alpha"),
        json.getDouble("power"),
        json.getDouble("mde"),
        method(json),
        spending == null ? null : Spending.ofApiName(spending),
        correction == null ? null : Correction.valueOf(correction.toUpperCase(Locale.ROOT)),
        json.getDouble("baseline"),
        json.getDouble("stddev"),
        varianceReduction(json.getString("varianceReduction")),
        json.getInteger("lookbackDays"));
  }

  private static VarianceReduction varianceReduction(String name) {
    try {
      return name == null ? null : VarianceReduction.ofApiName(name);
    } catch (IllegalArgumentException e) {
      throw InvalidException.field(
          "stats.varianceReduction",
          "\"varianceReduction\" must be \"cuped\" or \"none\", got \"" + name + "\".");
    }
  }

  /**
   * {@code method}, or the old boolean {@code sequential} (true: always_valid, false: fixed) when
   * only that is given. Both may come together (an experiment read back and sent again carries
   * both), but they must not contradict each other: {@code sequential} is whether the method may be
   * read before the planned sample.
   */
  private static TestMethod method(JsonObject json) {
    String name = json.getString("method");
    Boolean sequential = json.getBoolean("sequential");
    if (name == null) {
      return sequential == null ? null : TestMethod.ofSequential(sequential);
    }
    TestMethod method = TestMethod.ofApiName(name);
    if (sequential != null && sequential != method.sequential()) {
      throw InvalidException.field(
          "stats.sequential",
          "\"sequential\": "
              + sequential
              + " contradicts \"method\": \""
              + name
              + "\"; send method alone (sequential is its old name: true is always_valid, false"
              + " is fixed).");
    }
    return method;
  }

  public static JsonObject statsJson(StatsSettings s) {
    JsonObject json =
        new JsonObject()
            .put("alpha", s.alpha())
            .put("power", s.power())
            .put("mde", s.mde())
            .put("method", s.method().apiName())
            .put("spending", s.spending().apiName())
            .put("sequential", s.sequential())
            .put("correction", s.correction().name().toLowerCase(Locale.ROOT))
            .put("varianceReduction", s.varianceReduction().apiName())
            .put("lookbackDays", s.lookbackDays());
    if (s.plannedBaseline() != null) {
      json.put("baseline", s.plannedBaseline());
    }
    if (s.plannedStddev() != null) {
      json.put("stddev", s.plannedStddev());
    }
    return json;
  }

  /** Ranges as {@code [[start, end], ...]}, the one JSON form the API, SDKs and table share. */
  public static JsonArray rangesJson(List<LayerRange> ranges) {
    JsonArray json = new JsonArray();
    ranges.forEach(r -> json.add(new JsonArray().add(r.start()).add(r.end())));
    return json;
  }

  public static List<LayerRange> ranges(JsonArray json) {
    List<LayerRange> result = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) {
      JsonArray pair = json.getJsonArray(i);
      result.add(new LayerRange(pair.getInteger(0), pair.getInteger(1)));
    }
    return List.copyOf(result);
  }

  static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
