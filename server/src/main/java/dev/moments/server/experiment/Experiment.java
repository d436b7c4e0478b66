package dev.moments.server.experiment;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * An experiment as stored. Variants, metrics, targeting and stats stay JSON because the API, the
 * SDK config and the audit log all carry them as JSON; {@link ExperimentRules} has already checked
 * their shape.
 */
public record Experiment(
    String key,
    String moment,
    String name,
    String hypothesis,
    Status status,
    String salt,
    double trafficPercent,
    List<LayerRange> ranges,
    JsonArray variants,
    String control,
    JsonObject primaryMetric,
    JsonArray secondaryMetrics,
    JsonArray guardrailMetrics,
    JsonObject targeting,
    JsonObject stats,
    String rollout,
    Instant createdAt,
    Instant updatedAt,
    Instant startedAt,
    Instant stoppedAt) {

  public boolean hasVariant(String variantKey) {
    for (int i = 0; i < variants.size(); i++) {
      if (variants.getJsonObject(i).getString("key").equals(variantKey)) {
        return true;
      }
    }
    return false;
  }

  /** Holds layer buckets: running, paused (so resuming moves nobody) or rolled out. */
  public boolean holdsRange() {
    return status == Status.RUNNING
        || status == Status.PAUSED
        || (status == Status.STOPPED && rollout != null);
  }

  public JsonObject toJson() {
    JsonArray rangesJson = new JsonArray();
    ranges.forEach(r -> rangesJson.add(new JsonArray().add(r.start()).add(r.end())));
    return new JsonObject()
        .put("key", key)
        .put("moment", moment)
        .put("name", name)
        .put("hypothesis", hypothesis)
        .put("status", status.wire())
        .put("salt", salt)
        .put("trafficPercent", trafficPercent)
        .put("ranges", rangesJson)
        .put("variants", variants.copy())
        .put("control", control)
        .put("primaryMetric", primaryMetric.copy())
        .put("secondaryMetrics", secondaryMetrics.copy())
        .put("guardrailMetrics", guardrailMetrics.copy())
        .put("targeting", targeting == null ? null : targeting.copy())
        .put("stats", stats.copy())
        .put("rollout", rollout)
        .put("createdAt", text(createdAt))
        .put("updatedAt", text(updatedAt))
        .put("startedAt", text(startedAt))
        .put("stoppedAt", text(stoppedAt));
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
