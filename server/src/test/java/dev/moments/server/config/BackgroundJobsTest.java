package dev.moments.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackgroundJobsTest {
  @Test
  void defaultsAndSecondsFromTheEnvironment() {
    assertEquals(BackgroundJobs.DEFAULTS, MomentsConfig.fromEnvironment(Map.of()).jobs());
    BackgroundJobs jobs =
        MomentsConfig.fromEnvironment(
                Map.of(
                    "MOMENTS_WEBHOOK_TIMEOUT", "2.5",
                    "MOMENTS_WEBHOOK_RETRY_BASE", "60",
                    "MOMENTS_WEBHOOK_MAX_ATTEMPTS", "8",
                    "MOMENTS_ALERT_INTERVAL", "600",
                    "MOMENTS_ALERT_MIN_DAYS", "0",
                    "MOMENTS_SCHEDULER_INTERVAL", "1"))
            .jobs();
    assertEquals(Duration.ofMillis(2500), jobs.webhookTimeout());
    assertEquals(Duration.ofMinutes(1), jobs.webhookRetryBase());
    assertEquals(8, jobs.webhookMaxAttempts());
    assertEquals(Duration.ofMinutes(10), jobs.alertInterval());
    assertEquals(0, jobs.alertMinDays());
    assertEquals(Duration.ofSeconds(1), jobs.schedulerInterval());
  }

  @Test
  void aBadValueNamesTheVariable() {
    for (Map<String, String> env :
        new Map[] {
          Map.of("MOMENTS_WEBHOOK_TIMEOUT", "ten"),
          Map.of("MOMENTS_WEBHOOK_TIMEOUT", "0"),
          Map.of("MOMENTS_WEBHOOK_TIMEOUT", "0.0001"),
          Map.of("MOMENTS_ALERT_MIN_DAYS", "-1"),
          Map.of("MOMENTS_WEBHOOK_MAX_ATTEMPTS", "0"),
          Map.of("MOMENTS_SCHEDULER_INTERVAL", "86400")
        }) {
      String variable = env.keySet().iterator().next();
      ConfigException e =
          assertThrows(ConfigException.class, () -> MomentsConfig.fromEnvironment(env));
      assertTrue(e.getMessage().startsWith(variable + "="), e.getMessage());
    }
  }
}
