package dev.moments.server.experiment;

import dev.moments.server.domain.InvalidException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

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
        .put("retiredRanges", rangesJson(e.retiredRanges()))
        .put("variants", variantsJson(e.variants()))
        .put("control", e.control())
        .put("primaryMetric", ExperimentMetricsJson.metricJson(e.primaryMetric()))
        .put("secondaryMetrics", ExperimentMetricsJson.metricsJson(e.secondaryMetrics()))
        .put("guardrailMetrics", ExperimentMetricsJson.metricsJson(e.guardrailMetrics()))
        .put("funnel", ExperimentMetricsJson.funnelJson(e.funnel()))
        .put("targeting", e.targeting() == null ? null : e.targeting().copy())
        .put("stats", StatsJson.toJson(e.stats()))
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
            .primaryMetric(ExperimentMetricsJson.metric(body.getValue("primaryMetric")))
            .secondaryMetrics(ExperimentMetricsJson.metrics(body.getJsonArray("secondaryMetrics")))
            .guardrailMetrics(ExperimentMetricsJson.metrics(body.getJsonArray("guardrailMetrics")))
            .funnel(ExperimentMetricsJson.funnel(body.getJsonArray("funnel")))
            .targeting(body.getJsonObject("targeting"))
            .stats(StatsJson.parse(body.getJsonObject("stats")))
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
        body.containsKey("primaryMetric")
            ? ExperimentMetricsJson.metric(body.getValue("primaryMetric"))
            : null,
        body.containsKey("secondaryMetrics")
            ? ExperimentMetricsJson.metrics(body.getJsonArray("secondaryMetrics"))
            : null,
        body.containsKey("guardrailMetrics")
            ? ExperimentMetricsJson.metrics(body.getJsonArray("guardrailMetrics"))
            : null,
        body.containsKey("funnel")
            ? ExperimentMetricsJson.funnel(body.getJsonArray("funnel"))
            : null,
        body.getJsonObject("targeting"),
        body.containsKey("stats") ? StatsJson.patch(body.getJsonObject("stats")) : null,
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
