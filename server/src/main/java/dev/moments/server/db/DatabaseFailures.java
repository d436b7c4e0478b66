package dev.moments.server.db;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;

/** Tells a database that is away (503, retry) from a query that is wrong (a bug, 500). */
public final class DatabaseFailures {
  private DatabaseFailures() {}

  public static boolean isUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      // a reset or closed socket to the database (ConnectException, SocketException,
      // ClosedChannelException)
      if (t instanceof java.io.IOException) {
        return true;
      }
      // no answer in time (DatabaseTimeoutException), or no pooled connection in time
      if (t instanceof java.util.concurrent.TimeoutException
          || t instanceof VertxException && String.valueOf(t.getMessage()).startsWith("Timeout")) {
        return true;
      }
      if (t instanceof PgException pg
          && pg.getSqlState() != null
          && (pg.getSqlState().startsWith("08")
              || pg.getSqlState().startsWith("57P")
              || pg.getSqlState().equals("57014") // statement_timeout
              || pg.getSqlState().startsWith("53")
              || pg.getSqlState().equals("55000"))) {
        return true;
      }
      String message = String.valueOf(t.getMessage()).toLowerCase();
      if (t instanceof VertxException
          && (message.contains("closed") || message.contains("connection"))) {
        return true;
      }
      if (message.contains("connection refused")
          || message.contains("timeout") && message.contains("connection")) {
        return true;
      }
    }
    return false;
  }
}
