package dev.moments.server.experiment;

import java.util.Locale;

/** An experiment's place in its lifecycle: draft → running ⇄ paused → stopped. */
public enum Status {
  DRAFT,
  RUNNING,
  PAUSED,
  STOPPED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Status fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
