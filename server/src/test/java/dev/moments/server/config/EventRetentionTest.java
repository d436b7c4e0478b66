package dev.moments.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class EventRetentionTest {
  @Test
  void keepsEverythingUnlessTold() {
    assertEquals(EventRetention.DEFAULTS, MomentsConfig.fromEnvironment(Map.of()).retention());
    assertEquals(OptionalInt.empty(), EventRetention.DEFAULTS.days());
    assertEquals(
        OptionalInt.of(30),
        MomentsConfig.fromEnvironment(Map.of("MOMENTS_EVENT_RETENTION_DAYS", "30"))
            .retention()
            .days());
  }

  @Test
  void aBadValueNamesTheVariable() {
    for (String bad : new String[] {"0", "-3", "thirty", "36501"}) {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () -> MomentsConfig.fromEnvironment(Map.of("MOMENTS_EVENT_RETENTION_DAYS", bad)));
      assertTrue(e.getMessage().contains("MOMENTS_EVENT_RETENTION_DAYS"), e.getMessage());
    }
  }
}
