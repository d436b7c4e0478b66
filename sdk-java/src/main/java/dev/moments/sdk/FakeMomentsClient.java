package dev.moments.sdk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link MomentsClient} for a host application's own tests: no network, no threads. Moments
 * answer what {@link #set} told them (every unit the same variant), others {@link Assignment#none};
 * every event is captured in {@link #events()}, exposures once per unit and variant like the real
 * client.
 */
public final class FakeMomentsClient implements MomentsClient {
  private final Map<String, Assignment> fixed = new ConcurrentHashMap<>();
  private final List<TrackedEvent> events = new ArrayList<>();
  private final Set<String> exposed = new HashSet<>();
  private boolean closed;

  /**
   * Every unit gets {@code variant} with {@code payloadJson} (null for "{}"; checked to be JSON) in
   * {@code moment}; the experiment is reported under the moment's key.
   */
  public FakeMomentsClient set(String moment, String variant, String payloadJson) {
    if (moment == null || variant == null) {
      throw new IllegalArgumentException(
          "moment and variant must not be null, got " + moment + ", " + variant);
    }
    if (payloadJson != null) {
      try {
        Json.parse(payloadJson);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "payloadJson for moment \"" + moment + "\" is not JSON: " + e.getMessage(), e);
      }
    }
    fixed.put(moment, new Assignment(moment, moment, variant, payloadJson, false, false));
    return this;
  }

  /** Back to {@link Assignment#none} for this moment. */
  public FakeMomentsClient clear(String moment) {
    fixed.remove(moment);
    return this;
  }

  @Override
  public Assignment assign(String moment, String unitId, Map<String, ?> attributes) {
    Assignment assignment = moment == null || !UnitIds.isValid(unitId) ? null : fixed.get(moment);
    if (assignment == null) {
      return Assignment.none(moment);
    }
    synchronized (this) {
      if (exposed.add(assignment.experiment() + "/" + assignment.variant() + "/" + unitId)) {
        events.add(
            new TrackedEvent(
                TrackedEvent.EXPOSURE,
                unitId,
                assignment.experiment(),
                assignment.variant(),
                null,
                1.0,
                false,
                Instant.now(),
                attributes == null
                    ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>(attributes))));
      }
    }
    return assignment;
  }

  /**
   * Captures the conversion; arguments the real client would refuse are ignored, as it ignores
   * them.
   */
  @Override
  public synchronized void track(String unitId, String metric, double value) {
    if (Conversions.problem(unitId, metric, value) == null) {
      events.add(
          new TrackedEvent(
              TrackedEvent.CONVERSION,
              unitId,
              null,
              null,
              metric,
              value,
              false,
              Instant.now(),
              Map.of()));
    }
  }

  /** Every event so far, oldest first (a copy). */
  public synchronized List<TrackedEvent> events() {
    return List.copyOf(events);
  }

  /** Forgets captured events (and which exposures were seen). */
  public synchronized void reset() {
    events.clear();
    exposed.clear();
  }

  /** Whether {@link #close()} was called, for hosts that test their shutdown. */
  public synchronized boolean isClosed() {
    return closed;
  }

  @Override
  public synchronized ClientStats stats() {
    return new ClientStats(0, events.size(), 0, 0, 0, "fake", 0, 0);
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
