package dev.moments.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MomentsConfigTest {
  @Test
  void defaultsFollowTheContract() {
    MomentsConfig config = MomentsConfig.fromEnvironment(Map.of());
    assertEquals(8080, config.port());
    assertTrue(config.databaseUrl().isEmpty());
    assertEquals(Path.of("./data"), config.dataDir());
    assertTrue(config.adminKey().isEmpty());
    assertTrue(config.demo());
    assertTrue(
        config.embeddedFsync(), "acknowledged events survive an OS crash unless told otherwise");
    assertFalse(
        MomentsConfig.fromEnvironment(Map.of("MOMENTS_EMBEDDED_FSYNC", "false")).embeddedFsync());
  }

  @Test
  void badValuesNameTheVariableAndTheValue() {
    ConfigException port =
        assertThrows(
            ConfigException.class,
            () -> MomentsConfig.fromEnvironment(Map.of("MOMENTS_PORT", "eighty")));
    assertTrue(
        port.getMessage().contains("MOMENTS_PORT") && port.getMessage().contains("eighty"),
        port.getMessage());
    ConfigException range =
        assertThrows(
            ConfigException.class,
            () -> MomentsConfig.fromEnvironment(Map.of("MOMENTS_PORT", "70000")));
    assertTrue(range.getMessage().contains("70000"));
    ConfigException url =
        assertThrows(
            ConfigException.class,
            () -> MomentsConfig.fromEnvironment(Map.of("MOMENTS_DB_URL", "mysql://db/x")));
    assertTrue(
        url.getMessage().contains("MOMENTS_DB_URL") && url.getMessage().contains("mysql://db/x"));
    ConfigException key =
        assertThrows(
            ConfigException.class,
            () -> MomentsConfig.fromEnvironment(Map.of("MOMENTS_ADMIN_KEY", "short")));
    assertTrue(key.getMessage().contains("MOMENTS_ADMIN_KEY"));
    assertFalse(key.getMessage().contains("short"), "a secret is never echoed");
    ConfigException demo =
        assertThrows(
            ConfigException.class,
            () -> MomentsConfig.fromEnvironment(Map.of("MOMENTS_DEMO", "maybe")));
    assertTrue(demo.getMessage().contains("MOMENTS_DEMO") && demo.getMessage().contains("maybe"));
  }

  @Test
  void theWarmupIsOffUnlessAskedForAndABadValueNamesItsVariable() {
    assertEquals(0, MomentsConfig.fromEnvironment(Map.of()).warmupSeconds());
    MomentsConfig asked = MomentsConfig.fromEnvironment(Map.of("MOMENTS_WARMUP_SECONDS", "30"));
    assertEquals(30, asked.warmupSeconds());
    assertEquals(30, asked.toBuilder().build().warmupSeconds());
    for (String bad : List.of("ten", "-1", "601")) {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () -> MomentsConfig.fromEnvironment(Map.of("MOMENTS_WARMUP_SECONDS", bad)));
      assertTrue(
          e.getMessage().contains("MOMENTS_WARMUP_SECONDS") && e.getMessage().contains(bad),
          e.getMessage());
    }
  }

  @Test
  void databasePasswordsAreRedactedInMessages() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                MomentsConfig.fromEnvironment(
                    Map.of("MOMENTS_DB_URL", "postgresql://app:s3cret@/db")));
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }

  /** Issue 17 item 11: only a hash is stored, so the admin key must be too long to guess. */
  @Test
  void anAdminKeyNeedsThirtyTwoVariedCharactersAsAGeneratedOneHas() {
    ConfigException sixteen =
        assertThrows(
            ConfigException.class,
            () -> MomentsConfig.fromEnvironment(Map.of("MOMENTS_ADMIN_KEY", "0123456789abcdef")));
    assertTrue(sixteen.getMessage().contains("at least 32"), sixteen.getMessage());
    ConfigException repetitive =
        assertThrows(
            ConfigException.class,
            () ->
                MomentsConfig.fromEnvironment(
                    Map.of("MOMENTS_ADMIN_KEY", "abababababababababababababababababab")));
    assertTrue(repetitive.getMessage().contains("different characters"), repetitive.getMessage());
    String generated =
        dev.moments.server.store.KeyText.generate(dev.moments.server.auth.Caller.KeyKind.ADMIN);
    assertEquals(
        generated,
        MomentsConfig.fromEnvironment(Map.of("MOMENTS_ADMIN_KEY", generated)).adminKey().get());
  }

  /** Issue 17 items 5, 6, 7 and 13: every limit has a documented default and a variable. */
  @Test
  void limitsTimeoutsQuotasAndListenersHaveDefaultsAndVariables() {
    MomentsConfig defaults = MomentsConfig.fromEnvironment(Map.of());
    assertEquals("0.0.0.0", defaults.listeners().bind());
    assertTrue(defaults.listeners().metricsPort().isEmpty(), "no metrics listener unless asked");
    assertEquals("127.0.0.1", defaults.listeners().metricsBind());
    assertEquals(HttpLimits.DEFAULTS, defaults.http());
    assertEquals(Duration.ofSeconds(10), defaults.http().headerTimeout());
    assertEquals(Duration.ofSeconds(30), defaults.http().bodyTimeout());
    assertEquals(64L << 20, defaults.http().maxBufferedBytes());
    assertEquals(new QuotaDefaults(10_000, 50_000, 60), defaults.quotas());
    assertEquals(
        new DatabaseTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2)), defaults.dbTimeouts());

    MomentsConfig set =
        MomentsConfig.fromEnvironment(
            Map.ofEntries(
                Map.entry("MOMENTS_BIND", "127.0.0.1"),
                Map.entry("MOMENTS_METRICS_PORT", "9464"),
                Map.entry("MOMENTS_METRICS_BIND", "::1"),
                Map.entry("MOMENTS_HTTP_HEADER_TIMEOUT_MS", "2500"),
                Map.entry("MOMENTS_HTTP_BODY_TIMEOUT_MS", "4000"),
                Map.entry("MOMENTS_HTTP_IDLE_TIMEOUT_MS", "9000"),
                Map.entry("MOMENTS_HTTP_MAX_CONNECTIONS", "500"),
                Map.entry("MOMENTS_HTTP_MAX_BUFFERED_BYTES", "8388608"),
                Map.entry("MOMENTS_QUOTA_ASSIGN_PER_SECOND", "100"),
                Map.entry("MOMENTS_QUOTA_EVENTS_PER_SECOND", "1000"),
                Map.entry("MOMENTS_AUTH_FAILURES_PER_MINUTE", "30"),
                Map.entry("MOMENTS_DB_STATEMENT_TIMEOUT_MS", "1500"),
                Map.entry("MOMENTS_DB_ACQUIRE_TIMEOUT_MS", "700")));
    assertEquals(new Listeners("127.0.0.1", OptionalInt.of(9464), "::1"), set.listeners());
    assertEquals(
        new HttpLimits(
            Duration.ofMillis(2500),
            Duration.ofMillis(4000),
            Duration.ofMillis(9000),
            500,
            8 << 20),
        set.http());
    assertEquals(new QuotaDefaults(100, 1000, 30), set.quotas());
    assertEquals(
        new DatabaseTimeouts(Duration.ofMillis(1500), Duration.ofMillis(700)), set.dbTimeouts());
  }

  @Test
  void badLimitsNameTheVariable() {
    for (Map.Entry<String, String> bad :
        Map.of(
                "MOMENTS_BIND", "http://example.com/",
                "MOMENTS_METRICS_PORT", "99999",
                "MOMENTS_HTTP_BODY_TIMEOUT_MS", "0",
                "MOMENTS_HTTP_MAX_BUFFERED_BYTES", "1000",
                "MOMENTS_QUOTA_EVENTS_PER_SECOND", "10",
                "MOMENTS_DB_STATEMENT_TIMEOUT_MS", "soon")
            .entrySet()) {
      ConfigException e =
          assertThrows(
              ConfigException.class, () -> MomentsConfig.fromEnvironment(Map.ofEntries(bad)));
      assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
    }
  }

  @Test
  void theBuildersDefaultsAreThoseOfAnEmptyEnvironment() {
    assertEquals(MomentsConfig.fromEnvironment(Map.of()), MomentsConfig.builder().build());
  }

  @Test
  void theBuilderRefusesABadValueAtOnceNamingItsVariableAndValue() {
    Map<String, Runnable> bad =
        Map.of(
            "MOMENTS_PORT=70000", () -> MomentsConfig.builder().port(70000),
            "MOMENTS_PORT=-1", () -> MomentsConfig.builder().port(-1),
            "MOMENTS_DB_POOL_SIZE=0", () -> MomentsConfig.builder().poolSize(0),
            "MOMENTS_HTTP_INSTANCES=65", () -> MomentsConfig.builder().httpInstances(65),
            "MOMENTS_ADMIN_KEY=<5 characters>",
                () -> MomentsConfig.builder().adminKey(Optional.of("short")));
    bad.forEach(
        (named, set) -> {
          ConfigException e = assertThrows(ConfigException.class, set::run, named);
          assertTrue(e.getMessage().startsWith(named), e.getMessage());
        });
    NullPointerException none =
        assertThrows(NullPointerException.class, () -> MomentsConfig.builder().listeners(null));
    assertEquals("listeners", none.getMessage());
  }

  @Test
  void aBuilderFromAConfigurationChangesOnlyWhatItIsTold() {
    MomentsConfig set =
        MomentsConfig.builder()
            .port(0)
            .databaseUrl(URI.create("postgresql://db.example/moments"))
            .dataDir(Path.of("elsewhere"))
            .demo(false)
            .poolSize(3)
            .httpInstances(2)
            .embeddedFsync(false)
            .retention(new EventRetention(OptionalInt.of(30), EventRetention.DEFAULTS.interval()))
            .build();
    assertEquals(set, set.toBuilder().build());
    MomentsConfig changed = set.toBuilder().poolSize(5).build();
    assertEquals(5, changed.poolSize());
    assertEquals(set, changed.toBuilder().poolSize(3).build());
    BackgroundJobs jobs = set.jobs();
    assertEquals(set.with(jobs), set);
  }
}
