package dev.moments.server.alerts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertRuleTest {
  private static final Instant STARTED = Instant.parse("2026-11-20T09:00:00Z");
  private static final AlertRule RULE = new AlertRule(3);

  private static Instant after(Duration d) {
    return STARTED.plus(d);
  }

  @Test
  void inTheFirstDaysOnlyAHarmedGuardrailIsAlerted() {
    Instant early = after(Duration.ofDays(3).minusSeconds(1));
    assertTrue(RULE.alertable("guardrail_harm", STARTED, STARTED));
    for (String outcome : new String[] {"winner", "no_difference", "srm"}) {
      assertFalse(RULE.alertable(outcome, STARTED, early), outcome);
      assertTrue(RULE.alertable(outcome, STARTED, after(Duration.ofDays(3))), outcome);
    }
  }

  @Test
  void keepRunningAndUnknownOutcomesAreNeverAlerted() {
    Instant late = after(Duration.ofDays(30));
    assertFalse(RULE.alertable("keep_running", STARTED, late));
    assertFalse(RULE.alertable(null, STARTED, late));
    assertFalse(RULE.alertable("winner", null, late), "never started");
    assertTrue(new AlertRule(0).alertable("winner", STARTED, STARTED));
  }
}
