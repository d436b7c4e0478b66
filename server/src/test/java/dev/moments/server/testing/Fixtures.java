package dev.moments.server.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Valid request bodies that tests then bend into invalid ones. */
public final class Fixtures {
  private Fixtures() {}

  public static JsonObject moment(String key, String stage) {
    return new JsonObject()
        .put("key", key)
        .put("stage", stage)
        .put("name", "Search ad")
        .put("description", "test");
  }

  /**
   * A group-sequential experiment without targeting: O'Brien-Fleming from a baseline of 10 % for a
   * lift of 50 %.
   */
  public static JsonObject groupSequential(String key, String moment) {
    return experiment(key, moment)
        .putNull("targeting")
        .put(
            "stats",
            new JsonObject()
                .put("method", "group_sequential")
                .put("spending", "obrien_fleming")
                .put("baseline", 0.1)
                .put("mde", 0.5));
  }

  public static JsonObject experiment(String key, String moment) {
    return new JsonObject()
        .put("key", key)
        .put("moment", moment)
        .put("name", "Bold hero")
        .put("hypothesis", "bolder converts better")
        .put("trafficPercent", 50)
        .put(
            "variants",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("key", "control")
                        .put("weight", 50)
                        .put("kind", "landing_page")
                        .put("payload", new JsonObject().put("layout", "classic")))
                .add(
                    new JsonObject()
                        .put("key", "bold")
                        .put("weight", 50)
                        .put("kind", "landing_page")
                        .put("payload", new JsonObject().put("layout", "bold"))))
        .put("control", "control")
        .put("primaryMetric", "signup")
        .put(
            "secondaryMetrics",
            new JsonArray()
                .add(new JsonObject().put("key", "first_purchase"))
                .add(new JsonObject().put("key", "revenue").put("type", "mean")))
        .put("guardrailMetrics", new JsonArray().add(new JsonObject().put("key", "refund")))
        .put(
            "targeting",
            new JsonObject()
                .put(
                    "all",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("attribute", "device")
                                .put("op", "in")
                                .put("values", new JsonArray().add("mobile")))))
        .put(
            "stats",
            new JsonObject()
                .put("alpha", 0.05)
                .put("power", 0.8)
                .put("mde", 0.1)
                .put("sequential", true)
                .put("correction", "holm"));
  }
}
