package dev.moments.server.db;

import java.util.Locale;
import java.util.Optional;

/**
 * What {@code /health} tells about the database besides whether it answers: external or embedded,
 * and for the embedded one whether its process runs and how often the watchdog restarted it.
 */
public record DatabaseStatus(boolean embedded, Optional<ProcessState> process, int restarts) {
  public enum ProcessState {
    RUNNING,
    RESTARTING,
    STOPPED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final DatabaseStatus EXTERNAL = new DatabaseStatus(false, Optional.empty(), 0);

  static DatabaseStatus embedded(ProcessState process, int restarts) {
    return new DatabaseStatus(true, Optional.of(process), restarts);
  }
}
