package dev.moments.server.config;

/**
 * The rates every key gets unless an admin set its own (see {@code PATCH /api/v1/keys/{id}}), per
 * server process: N servers behind a load balancer allow N times these.
 *
 * @param assignPerSecond {@code POST /assign} requests per second and key; bursts of twice as many
 * @param eventsPerSecond events per second and key on {@code POST /events} (a batch of 100 counts
 *     100); bursts of twice as many
 * @param authFailuresPerMinute failed authentications (401) per client address and minute, all of
 *     them at once at most; beyond, requests from that address whose key is not already known get
 *     429 without any key lookup
 * @param addressAssignPerSecond {@code /assign} requests per second and client address within one
 *     CLIENT key (the public one: one visitor must not empty the whole key's bucket); 0 = off
 * @param addressEventsPerSecond events per second and client address within one CLIENT key; 0 = off
 */
public record QuotaDefaults(
    int assignPerSecond,
    int eventsPerSecond,
    int authFailuresPerMinute,
    int addressAssignPerSecond,
    int addressEventsPerSecond) {
  /** Below this an events bucket could not hold one full batch (1,000 events) even when full. */
  public static final int MIN_EVENTS_PER_SECOND = 500;

  public static final int MAX_RATE = 10_000_000;

  private static final int ADDRESS_ASSIGN_PER_SECOND = 500;
  private static final int ADDRESS_EVENTS_PER_SECOND = 2_000;

  public static final QuotaDefaults DEFAULTS =
      new QuotaDefaults(10_000, 50_000, 60, ADDRESS_ASSIGN_PER_SECOND, ADDRESS_EVENTS_PER_SECOND);

  /** The key rates with the per-address defaults. */
  public QuotaDefaults(int assignPerSecond, int eventsPerSecond, int authFailuresPerMinute) {
    this(
        assignPerSecond,
        eventsPerSecond,
        authFailuresPerMinute,
        ADDRESS_ASSIGN_PER_SECOND,
        ADDRESS_EVENTS_PER_SECOND);
  }

  public QuotaDefaults {
    Env.inRange("MOMENTS_QUOTA_ASSIGN_PER_SECOND", assignPerSecond, 1, MAX_RATE);
    Env.inRange(
        "MOMENTS_QUOTA_EVENTS_PER_SECOND", eventsPerSecond, MIN_EVENTS_PER_SECOND, MAX_RATE);
    Env.inRange("MOMENTS_AUTH_FAILURES_PER_MINUTE", authFailuresPerMinute, 1, MAX_RATE);
    Env.inRange("MOMENTS_QUOTA_ADDRESS_ASSIGN_PER_SECOND", addressAssignPerSecond, 0, MAX_RATE);
    Env.inRange("MOMENTS_QUOTA_ADDRESS_EVENTS_PER_SECOND", addressEventsPerSecond, 0, MAX_RATE);
  }

  static QuotaDefaults fromEnvironment(Env env) {
    return new QuotaDefaults(
        env.integer("MOMENTS_QUOTA_ASSIGN_PER_SECOND", DEFAULTS.assignPerSecond),
        env.integer("MOMENTS_QUOTA_EVENTS_PER_SECOND", DEFAULTS.eventsPerSecond),
        env.integer("MOMENTS_AUTH_FAILURES_PER_MINUTE", DEFAULTS.authFailuresPerMinute),
        env.integer("MOMENTS_QUOTA_ADDRESS_ASSIGN_PER_SECOND", DEFAULTS.addressAssignPerSecond),
        env.integer("MOMENTS_QUOTA_ADDRESS_EVENTS_PER_SECOND", DEFAULTS.addressEventsPerSecond));
  }
}
