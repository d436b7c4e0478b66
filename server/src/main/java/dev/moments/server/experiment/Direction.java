package dev.moments.server.experiment;

import java.util.Locale;

/**
 * Which way a metric should move: {@code INCREASE} (sign-ups, revenue: the default) or {@code
 * DECREASE} (bounces, refunds, page errors). The chance to beat, "improvement" and "harm", and the
 * decision all read a change in this direction.
 */
public enum Direction {
  INCREASE,
  DECREASE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Direction fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** +1 when a higher value is better, -1 when a lower one is. */
  public int sign() {
    return this == INCREASE ? 1 : -1;
  }

  /** Whether a change of this sign goes the good way. */
  public boolean better(double change) {
    return change * sign() > 0;
  }
}
