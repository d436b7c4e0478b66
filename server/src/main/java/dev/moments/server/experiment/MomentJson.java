package dev.moments.server.experiment;

import io.vertx.core.json.JsonObject;

/** Moments as the API and the audit log carry them, and the request bodies that make them. */
public final class MomentJson {
  private MomentJson() {}

  public static JsonObject toJson(Moment m) {
    return new JsonObject()
        .put("key", m.key())
        .put("stage", m.stage().name())
        .put("name", m.name())
        .put("description", m.description())
        .put("createdAt", ExperimentJson.text(m.createdAt()))
        .put("updatedAt", ExperimentJson.text(m.updatedAt()));
  }

  /** A {@code POST /moments} body, checked by the contract's schema. */
  public static Moment draft(JsonObject body) {
    return Moment.draft(
        body.getString("key"),
        Stage.valueOf(body.getString("stage")),
        body.getString("name"),
        body.getString("description"));
  }

  /** A {@code PATCH /moments/{key}} body, checked by the contract's schema. */
  public static Moment.Patch patch(JsonObject body) {
    String stage = body.getString("stage");
    return new Moment.Patch(
        stage == null ? null : Stage.valueOf(stage),
        body.getString("name"),
        body.containsKey("description"),
        body.getString("description"));
  }
}
