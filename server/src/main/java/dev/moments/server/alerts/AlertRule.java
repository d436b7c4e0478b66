package dev.moments.server.alerts;

import dev.moments.server.webhooks.EventType;
import java.time.Duration;
import java.time.Instant;

/**
 * Which decisions are worth an alert: a winner, no difference, a broken split or a harmed guardrail
 * (never "keep running"), and in an experiment's first {@code minDays} only a harmed guardrail,
 * because early numbers swing and a team acts on what it is told.
 */
record AlertRule(int minDays) {

  /**
   * @param startedAt when the experiment first started, or null
   */
  boolean alertable(String outcome, Instant startedAt, Instant now) {
    if (outcome == null || EventType.forOutcome(outcome).isEmpty()) {
      return false;
    }
    if (outcome.equals("guardrail_harm")) {
      return true;
    }
    return startedAt != null && !now.isBefore(startedAt.plus(Duration.ofDays(minDays)));
  }
}
