package dev.moments.server.experiment;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A change to an experiment, as {@code PATCH} sends it: the fields it names, in the order it names
 * them, and their new values (a named field may be set to null where the contract allows it, as
 * {@code hypothesis} or {@code targeting}).
 */
public record ExperimentPatch(
    List<String> fields,
    String name,
    String hypothesis,
    Double trafficPercent,
    List<Variant> variants,
    String control,
    Metric primaryMetric,
    List<Metric> secondaryMetrics,
    List<Metric> guardrailMetrics,
    Funnel funnel,
    JsonObject targeting,
    StatsSettings.Patch stats) {

  public ExperimentPatch {
    fields = List.copyOf(fields);
  }

  public boolean has(String field) {
    return fields.contains(field);
  }
}
