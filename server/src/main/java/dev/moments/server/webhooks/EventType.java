package dev.moments.server.webhooks;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a webhook can subscribe to. A decision alert is typed by its outcome: {@code srm} and {@code
 * guardrail_harm} for the two that say "stop and look", {@code decision} for a winner or no
 * difference.
 */
public enum EventType {
  DECISION("decision"),
  SRM("srm"),
  GUARDRAIL_HARM("guardrail_harm"),
  EXPERIMENT_STARTED("experiment.started"),
  EXPERIMENT_STOPPED("experiment.stopped");

  private final String wire;

  EventType(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static EventType fromWire(String value) {
    return Arrays.stream(values())
        .filter(t -> t.wire.equals(value))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown webhook event " + value));
  }

  public static List<String> wires() {
    return Arrays.stream(values()).map(EventType::wire).toList();
  }

  /** The alert for a decision outcome; empty for {@code keep_running}, which alerts nobody. */
  public static Optional<EventType> forOutcome(String outcome) {
    return switch (outcome) {
      case "srm" -> Optional.of(SRM);
      case "guardrail_harm" -> Optional.of(GUARDRAIL_HARM);
      case "winner", "no_difference" -> Optional.of(DECISION);
      default -> Optional.empty();
    };
  }
}
