package dev.moments.server.experiment;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Holdouts as the API, the audit log and /sdk/config carry them. */
public final class HoldoutJson {
  private HoldoutJson() {}

  public static JsonObject toJson(Holdout h) {
    return new JsonObject()
        .put("key", h.key())
        .put("name", h.name())
        .put("percent", h.percent())
        .put("moments", h.moments() == null ? null : new JsonArray(h.moments()))
        .put("metrics", new JsonArray(h.metrics()))
        .put("status", h.status())
        .put("createdAt", ExperimentJson.text(h.createdAt()))
        .put("endedAt", ExperimentJson.text(h.endedAt()));
  }

  /** What an SDK reads (spec/README.md, "The SDK config format"): key, percent, moments. */
  public static JsonObject forSdk(Holdout h) {
    return new JsonObject()
        .put("key", h.key())
        .put("percent", h.percent())
        .put("moments", h.moments() == null ? null : new JsonArray(h.moments()));
  }

  /** A {@code POST /holdouts} body, its shape checked by the contract's schema. */
  public static Holdout draft(JsonObject body) {
    JsonArray moments = body.getJsonArray("moments");
    JsonArray metrics = body.getJsonArray("metrics");
    return Holdout.validated(
        new Holdout(
            body.getString("key"),
            body.getString("name"),
            body.getNumber("percent").doubleValue(),
            moments == null ? null : strings(moments),
            metrics == null ? List.of() : strings(metrics),
            null,
            null));
  }

  private static List<String> strings(JsonArray array) {
    return array.stream().map(String.class::cast).toList();
  }
}
