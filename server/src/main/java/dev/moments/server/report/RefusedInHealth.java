package dev.moments.server.report;

import dev.moments.server.rollup.ExcludedEvents;
import io.vertx.core.json.JsonObject;

/**
 * Counts in a report's {@code health} the events of its experiment the database refused to fold
 * (server/README, "What counts": {@code refused_events}). They are in no rollup, so the pure
 * builder cannot see them; without this a team saw its numbers with no word that an event of its
 * experiment was missing from them (only {@code /metrics} and the events summary counted it).
 */
final class RefusedInHealth {
  private RefusedInHealth() {}

  /** Puts {@code databaseRefused} in the report's health and adds it to {@code excludedEvents}. */
  static JsonObject add(JsonObject report, long refused) {
    JsonObject health = report.getJsonObject("health");
    health
        .put(ExcludedEvents.DATABASE_REFUSED, refused)
        .put("excludedEvents", health.getLong("excludedEvents", 0L) + refused);
    return report;
  }
}
