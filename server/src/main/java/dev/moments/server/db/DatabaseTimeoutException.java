package dev.moments.server.db;

import java.util.concurrent.TimeoutException;

/**
 * The database did not answer a request's operation in time: it may be frozen, unreachable or
 * overloaded. The operation itself may still complete later.
 */
public final class DatabaseTimeoutException extends TimeoutException {
  public DatabaseTimeoutException(long millis) {
    super("the database did not answer within " + millis + " ms");
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // thrown per request while the database is away: the trace says nothing
  }
}
