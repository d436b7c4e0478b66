package dev.moments.server;

import dev.moments.server.auth.Caller;
import dev.moments.server.auth.Caller.KeyKind;
import dev.moments.server.store.ExperimentStore;
import dev.moments.server.store.KeyStore;
import dev.moments.server.store.MomentStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.Optional;

/**
 * First-start chores: make sure an admin key exists, and seed the demo into an empty database once.
 */
final class Bootstrap {
  static final String DEMO_MOMENT = "fmot.landing-hero";
  static final String DEMO_EXPERIMENT = "hero-demo";
  private final Optional<String> configuredAdminKey;
  private final Pool pool;
  private final KeyStore keys;
  private final MomentStore moments;
  private final ExperimentStore experiments;

  Bootstrap(
      Optional<String> configuredAdminKey,
      Pool pool,
      KeyStore keys,
      MomentStore moments,
      ExperimentStore experiments) {
    this.configuredAdminKey = configuredAdminKey;
    this.pool = pool;
    this.keys = keys;
    this.moments = moments;
    this.experiments = experiments;
  }

  /** The generated admin key, only on the start that generated it (only its hash is kept). */
  Future<Optional<String>> adminKey() {
    if (configuredAdminKey.isPresent()) {
      return keys.register(KeyKind.ADMIN, "MOMENTS_ADMIN_KEY", configuredAdminKey.get())
          .map(id -> Optional.empty());
    }
    return keys.anyAdminKey()
        .compose(
            exists -> {
              if (exists) {
                return Future.succeededFuture(Optional.<String>empty());
              }
              String key = KeyStore.generate(KeyKind.ADMIN);
              return keys.register(KeyKind.ADMIN, "generated at first start", key)
                  .map(id -> Optional.of(key));
            });
  }

  /**
   * Seeds only a database that never had a moment, and only once, so deleting the demo keeps it
   * deleted.
   */
  Future<Boolean> seedDemo() {
    return pool.query(
            "SELECT (SELECT count(*) FROM moments) AS moments,"
                + " (SELECT count(*) FROM settings WHERE name = 'demo_seeded') AS seeded,"
                + " (SELECT min(id) FROM api_keys WHERE kind = 'admin') AS admin")
        .execute()
        .compose(
            rows -> {
              var row = rows.iterator().next();
              if (row.getLong("moments") > 0 || row.getLong("seeded") > 0) {
                return Future.succeededFuture(false);
              }
              Caller system = new Caller(row.getLong("admin"), KeyKind.ADMIN, "demo seed");
              return moments
                  .create(system, demoMoment())
                  .compose(m -> experiments.create(system, demoExperiment()))
                  .compose(e -> experiments.start(system, DEMO_EXPERIMENT))
                  .compose(
                      e ->
                          pool.query(
                                  "INSERT INTO settings (name, value) VALUES ('demo_seeded', 'true')")
                              .execute())
                  .map(true);
            });
  }

  private static JsonObject demoMoment() {
    return new JsonObject()
        .put("key", DEMO_MOMENT)
        .put("stage", "FMOT")
        .put("name", "Landing hero")
        .put(
            "description",
            "The first 3 to 7 seconds on the landing page: does the hero make visitors stay?");
  }

  private static JsonObject demoExperiment() {
    JsonArray variants =
        new JsonArray()
            .add(
                new JsonObject()
                    .put("key", "control")
                    .put("weight", 50)
                    .put("kind", "landing_page")
                    .put(
                        "payload",
                        new JsonObject()
                            .put("layout", "classic")
                            .put("headline", "Experiments for growth teams")))
            .add(
                new JsonObject()
                    .put("key", "bold")
                    .put("weight", 50)
                    .put("kind", "landing_page")
                    .put(
                        "payload",
                        new JsonObject()
                            .put("layout", "bold")
                            .put("headline", "Know which page wins, today")));
    return new JsonObject()
        .put("key", DEMO_EXPERIMENT)
        .put("moment", DEMO_MOMENT)
        .put("name", "Bold hero")
        .put("hypothesis", "A bolder hero with a concrete promise raises sign-ups by 25 %.")
        .put("trafficPercent", 100)
        .put("variants", variants)
        .put("control", "control")
        .put("primaryMetric", "signup")
        .put(
            "secondaryMetrics",
            new JsonArray()
                .add(new JsonObject().put("key", "first_purchase"))
                .add(new JsonObject().put("key", "revenue").put("type", "mean")))
        .put("guardrailMetrics", new JsonArray().add(new JsonObject().put("key", "refund")))
        .put(
            "stats",
            new JsonObject()
                .put("alpha", 0.05)
                .put("power", 0.8)
                .put("mde", 0.25)
                .put("sequential", true)
                .put("correction", "holm"));
  }
}
