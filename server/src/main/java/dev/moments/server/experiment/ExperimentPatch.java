package dev.moments.server.experiment;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * A change to an experiment, as {@code PATCH} sends it: the fields it names, in the order it names
 * them, and their new values (a named field may be set to null where the contract allows it, as
 * {@code hypothesis} or {@code targeting}). {@code startAt}, {@code stopAt} and {@code rollout}
 * (the variant the scheduled stop rolls out) change the {@link Schedule}. {@code sticky} may change
 * only while it is a draft: once units saw a variant, turning it on or off would change what they
 * keep. {@code allocation} (fixed or bandit) may change only while it is a draft too; a started
 * bandit's weights are the server's to set, so its {@code variants} are locked as well.
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
    StatsSettings.Patch stats,
    Instant startAt,
    Instant stopAt,
    String stopRollout,
    Boolean sticky,
    Allocation allocation) {

  public ExperimentPatch {
    fields = List.copyOf(fields);
  }

  public boolean has(String field) {
    return fields.contains(field);
  }
}
