package dev.moments.server;

import dev.moments.server.auth.Caller;
import dev.moments.server.auth.Caller.KeyKind;
import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.Metric;
import dev.moments.server.experiment.Moment;
import dev.moments.server.experiment.Stage;
import dev.moments.server.experiment.StatsSettings;
import dev.moments.server.experiment.Variant;
import dev.moments.server.stats.Correction;
import dev.moments.server.stats.MetricType;
import dev.moments.server.store.ExperimentStore;
import dev.moments.server.store.KeyStore;
import dev.moments.server.store.KeyText;
import dev.moments.server.store.MomentStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First-start chores: make sure an admin key exists, and seed the demo into an empty database once.
 */
final class Bootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);
  private static final SecureRandom RANDOM = new SecureRandom();
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

  /**
   * The generated admin key, only on the start that generated it (only its hash is kept). A
   * configured MOMENTS_ADMIN_KEY replaces the admin key of an earlier start, configured or
   * generated: that one is revoked and the log says so.
   */
  Future<Optional<String>> adminKey() {
    if (configuredAdminKey.isPresent()) {
      return keys.register(KeyKind.ADMIN, KeyStore.CONFIGURED_ADMIN, configuredAdminKey.get())
          .compose(keys::replaceStartupAdminKeys)
          .map(
              replaced -> {
                replaced.forEach(
                    k ->
                        LOG.warn(
                            "MOMENTS_ADMIN_KEY replaces admin key {} ({}, starting {}): it is"
                                + " revoked",
                            k.id(),
                            k.name(),
                            k.keyPrefix()));
                return Optional.empty();
              });
    }
    return keys.anyAdminCredential()
        .compose(
            exists -> {
              if (exists) {
                return Future.succeededFuture(Optional.<String>empty());
              }
              String key = KeyText.generate(KeyKind.ADMIN);
              return keys.register(KeyKind.ADMIN, KeyStore.GENERATED_ADMIN, key)
                  .map(id -> Optional.of(key));
            });
  }

  /**
   * The secret that signs preview and ad links ({@link dev.moments.server.auth.LinkSignatures}):
   * generated at the first start and kept in {@code settings}, so that every server on the database
   * verifies the same links and they survive restarts. Deleting the row and restarting every server
   * invalidates every link issued so far.
   */
  Future<byte[]> linkSecret() {
    byte[] fresh = new byte[32];
    RANDOM.nextBytes(fresh);
    return pool.preparedQuery(
            "INSERT INTO settings (name, value) VALUES ('link_secret', $1) ON CONFLICT (name) DO"
                + " NOTHING")
        .execute(Tuple.of(Base64.getEncoder().encodeToString(fresh)))
        .compose(v -> pool.query("SELECT value FROM settings WHERE name = 'link_secret'").execute())
        .map(rows -> Base64.getDecoder().decode(rows.iterator().next().getString(0)));
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
              Caller system = Caller.key(row.getLong("admin"), KeyKind.ADMIN, "demo seed");
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

  private static Moment demoMoment() {
    return Moment.draft(
        DEMO_MOMENT,
        Stage.FMOT,
        "Landing hero",
        "The first 3 to 7 seconds on the landing page: does the hero make visitors stay?");
  }

  private static Experiment demoExperiment() {
    return Experiment.builder()
        .key(DEMO_EXPERIMENT)
        .moment(DEMO_MOMENT)
        .name("Bold hero")
        .hypothesis("A bolder hero with a concrete promise raises sign-ups by 25 %.")
        .trafficPercent(100)
        .variants(
            List.of(
                landingPage("control", "classic", "Experiments for growth teams"),
                landingPage("bold", "bold", "Know which page wins, today")))
        .control("control")
        .primaryMetric(Metric.binomial("signup"))
        .secondaryMetrics(
            List.of(Metric.binomial("first_purchase"), Metric.of("revenue", MetricType.MEAN)))
        .guardrailMetrics(List.of(Metric.binomial("refund")))
        .stats(new StatsSettings(0.05, 0.8, 0.25, true, Correction.HOLM))
        .build();
  }

  private static Variant landingPage(String key, String layout, String headline) {
    return Variant.of(key, 50)
        .withKind(Variant.Kind.LANDING_PAGE)
        .withPayload(new JsonObject().put("layout", layout).put("headline", headline));
  }
}
