package dev.moments.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BanditJobsTest {
  @Test
  void defaultsAndSecondsFromTheEnvironment() {
    assertEquals(BanditJobs.DEFAULTS, MomentsConfig.fromEnvironment(Map.of()).bandits());
    assertEquals(Duration.ofMinutes(1), BanditJobs.DEFAULTS.minUpdateEvery());
    BanditJobs bandits =
        MomentsConfig.fromEnvironment(
                Map.of(
                    "MOMENTS_BANDIT_INTERVAL", "0.5",
                    "MOMENTS_BANDIT_MIN_UPDATE_EVERY", "1"))
            .bandits();
    assertEquals(Duration.ofMillis(500), bandits.interval());
    assertEquals(Duration.ofSeconds(1), bandits.minUpdateEvery());
  }

  @Test
  void theTestOnlyFloorMayOnlyBeLowered() {
    ConfigException raised =
        assertThrows(
            ConfigException.class,
            () -> MomentsConfig.fromEnvironment(Map.of("MOMENTS_BANDIT_MIN_UPDATE_EVERY", "61")));
    assertTrue(
        raised.getMessage().contains("MOMENTS_BANDIT_MIN_UPDATE_EVERY"), raised.getMessage());
    assertThrows(
        ConfigException.class,
        () -> MomentsConfig.fromEnvironment(Map.of("MOMENTS_BANDIT_INTERVAL", "0")));
  }
}
