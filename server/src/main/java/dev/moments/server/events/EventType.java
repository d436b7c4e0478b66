package dev.moments.server.events;

/** The two kinds of event the platform stores, named as they travel in JSON and in the database. */
public enum EventType {
  EXPOSURE("exposure"),
  CONVERSION("conversion");

  private final String wire;

  EventType(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static EventType fromWire(String value) {
    for (EventType t : values()) {
      if (t.wire.equals(value)) {
        return t;
      }
    }
    return null;
  }
}
