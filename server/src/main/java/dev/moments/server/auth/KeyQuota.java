package dev.moments.server.auth;

import java.util.OptionalInt;

/**
 * The rates an admin set for one key; an empty rate means the server's default.
 *
 * @param assignPerSecond {@code POST /assign} requests per second
 * @param eventsPerSecond events per second on {@code POST /events}
 */
public record KeyQuota(OptionalInt assignPerSecond, OptionalInt eventsPerSecond) {
  public static final KeyQuota DEFAULT = new KeyQuota(OptionalInt.empty(), OptionalInt.empty());
}
