package dev.moments.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
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
        dev.moments.server.store.KeyStore.generate(dev.moments.server.auth.Caller.KeyKind.ADMIN);
    assertEquals(
        generated,
        MomentsConfig.fromEnvironment(Map.of("MOMENTS_ADMIN_KEY", generated)).adminKey().get());
  }
}
