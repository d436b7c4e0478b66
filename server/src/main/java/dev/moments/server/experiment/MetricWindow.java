package dev.moments.server.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The part of a unit's life a metric counts, relative to its first exposure: a conversion at t
 * counts when firstAt + start <= t < firstAt + end. The unit's window has closed once firstAt + end
 * has passed; only then does the unit enter the metric's statistics.
 */
public record MetricWindow(Duration start, Duration end) {

  public MetricWindow {
    Objects.requireNonNull(start, "window start");
    Objects.requireNonNull(end, "window end");
  }

  public boolean contains(Instant firstAt, Instant at) {
    return !at.isBefore(firstAt.plus(start)) && at.isBefore(firstAt.plus(end));
  }
}
