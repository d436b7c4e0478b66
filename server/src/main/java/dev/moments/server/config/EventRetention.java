package dev.moments.server.config;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * How long raw events are kept (server/README.md, "Event retention"). The rollups, exposures and
 * unit states are kept whatever this says.
 *
 * @param days {@code MOMENTS_EVENT_RETENTION_DAYS}: days of raw events kept, by the day they were
 *     received; whole days are dropped once they are older (empty, the default: keep all)
 * @param interval how often a server runs the retention round (creating the days ahead, dropping
 *     expired ones, forgetting expired ids); one server at a time does the work
 */
public record EventRetention(OptionalInt days, Duration interval) {
  public static final EventRetention DEFAULTS =
      new EventRetention(OptionalInt.empty(), Duration.ofHours(1));

  /** At most 100 years: a bound that keeps the cutoff's arithmetic far from overflow. */
  static final int MAX_DAYS = 36_500;

  public EventRetention {
    if (days.isPresent()) {
      Env.inRange("MOMENTS_EVENT_RETENTION_DAYS", days.getAsInt(), 1, MAX_DAYS);
    }
    if (interval.isNegative() || interval.isZero() || interval.compareTo(Duration.ofDays(1)) > 0) {
      throw new ConfigException(
          "retention interval", interval.toString(), "must be more than 0 and at most a day");
    }
  }

  static EventRetention fromEnvironment(Env env) {
    String days = env.text("MOMENTS_EVENT_RETENTION_DAYS");
    return new EventRetention(
        days == null
            ? OptionalInt.empty()
            : OptionalInt.of(env.integer("MOMENTS_EVENT_RETENTION_DAYS", 0)),
        DEFAULTS.interval);
  }
}
