package dev.moments.sdk;

import java.util.Map;

/**
 * What a backend service calls: local assignment from the configuration the client holds, and event
 * tracking through a bounded in-memory queue sent in the background. {@link #assign} and {@link
 * #track} never block on the network and never throw; problems go to the builder's {@code onError}
 * callback and to {@link #stats()}. Build the real one with {@link #builder}; tests of a host
 * application use {@link FakeMomentsClient}.
 */
public interface MomentsClient extends AutoCloseable {

  /**
   * A builder for a client of the server at {@code baseUrl} (e.g. {@code http://localhost:8080})
   * with a {@code server} SDK key.
   *
   * @throws IllegalArgumentException for a URL that is not absolute http(s) or a blank key
   */
  static MomentsClientBuilder builder(String baseUrl, String serverKey) {
    return new MomentsClientBuilder(baseUrl, serverKey);
  }

  /**
   * The unit's variant in {@code moment}, never null: {@link Assignment#none} when the unit is in
   * no experiment there (unknown moment, no config yet, invalid unit id, targeting says no). The
   * first time a unit is seen in an experiment its exposure is queued; rollouts log nothing.
   *
   * @param attributes targeting attributes (device, channel, country, intent, returning, force...);
   *     may be null
   */
  Assignment assign(String moment, String unitId, Map<String, ?> attributes);

  /** {@link #assign(String, String, Map)} without attributes. */
  default Assignment assign(String moment, String unitId) {
    return assign(moment, unitId, null);
  }

  /** A conversion of a binomial metric (did the unit convert at all): value 1. */
  default void track(String unitId, String metric) {
    track(unitId, metric, 1.0);
  }

  /**
   * A conversion with a value, for mean metrics (revenue, seconds on page); the value must be
   * finite.
   */
  void track(String unitId, String metric, double value);

  /** Counters since the client was built. */
  ClientStats stats();

  /**
   * Stops background work after sending what is queued (waiting at most the builder's
   * closeTimeout).
   */
  @Override
  void close();
}
