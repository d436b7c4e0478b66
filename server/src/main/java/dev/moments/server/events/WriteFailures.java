package dev.moments.server.events;

import dev.moments.server.db.DatabaseFailures;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.domain.UnavailableException;
import io.vertx.pgclient.PgException;

/** What a failed group statement means for the requests in it: the database away, or bad data. */
final class WriteFailures {
  private WriteFailures() {}

  /**
   * A statement the database refused for the data in it (SQLSTATE class 22, e.g. a NUL character in
   * text) is the request's fault: 400, not 500. The edge's text rule keeps such values out; this is
   * the backstop.
   */
  static Throwable asRefused(Throwable failure) {
    if (failure instanceof PgException pg
        && pg.getSqlState() != null
        && pg.getSqlState().startsWith("22")) {
      return new InvalidException(
          "invalid_text",
          "The database refused a value of these events: " + pg.getErrorMessage(),
          null);
    }
    return failure;
  }

  /**
   * An away database, or one refusing connections (e.g. not accepting connections, too many
   * clients).
   */
  static UnavailableException asUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UnavailableException unavailable) {
        return unavailable;
      }
    }
    if (DatabaseFailures.isUnavailable(failure)) {
      return new UnavailableException(
          "The events could not be stored now; nothing of this request was kept. Retry shortly.");
    }
    return null;
  }
}
