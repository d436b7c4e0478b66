package dev.moments.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExposureLogTest {
  private static final Assignment A = new Assignment("m", "exp", "a", null, false, false);
  private static final Assignment B = new Assignment("m", "exp", "b", null, false, false);
  private static final Assignment A_FORCED = new Assignment("m", "exp", "a", null, true, false);

  @Test
  void rememberedPerExperimentVariantForcedAndUnit() {
    ExposureLog log = new ExposureLog(1024);
    assertTrue(log.firstTime(A, "u1"));
    assertFalse(log.firstTime(A, "u1"));
    assertTrue(log.firstTime(B, "u1"), "a new variant after a config change is a new exposure");
    assertTrue(log.firstTime(A_FORCED, "u1"));
    assertTrue(log.firstTime(A, "u2"));
  }

  @Test
  void memoryIsBoundedSoOldUnitsAreEventuallyForgotten() {
    ExposureLog log = new ExposureLog(16);
    int forgotten = 0;
    for (int i = 0; i < 1000; i++) {
      log.firstTime(A, "unit-" + i);
    }
    for (int i = 0; i < 1000; i++) {
      forgotten += log.firstTime(A, "unit-" + i) ? 1 : 0;
    }
    // 16 slots cannot remember 1000 units: most come back as "first time" (then the server
    // deduplicates)
    assertTrue(forgotten > 900, "forgotten " + forgotten);
    assertEquals(ExposureLog.fingerprint(A, "x"), ExposureLog.fingerprint(A, "x"));
  }
}
