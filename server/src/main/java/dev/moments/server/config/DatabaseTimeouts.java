package dev.moments.server.config;

import java.time.Duration;

/**
 * How long a request waits for the database before it answers 503 with Retry-After, so that a
 * frozen or overloaded database never holds requests for the whole outage.
 *
 * @param statement PostgreSQL's {@code statement_timeout} for the requests' connections, and how
 *     long the server waits for any one database operation of a request (a query, a transaction, an
 *     event commit)
 * @param acquire how long a request waits for a pooled connection
 */
public record DatabaseTimeouts(Duration statement, Duration acquire) {
  public static final DatabaseTimeouts DEFAULTS =
      new DatabaseTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2));

  public DatabaseTimeouts {
    HttpLimits.positive("MOMENTS_DB_STATEMENT_TIMEOUT_MS", statement);
    HttpLimits.positive("MOMENTS_DB_ACQUIRE_TIMEOUT_MS", acquire);
  }

  static DatabaseTimeouts fromEnvironment(Env env) {
    return new DatabaseTimeouts(
        HttpLimits.millis(env, "MOMENTS_DB_STATEMENT_TIMEOUT_MS", DEFAULTS.statement),
        HttpLimits.millis(env, "MOMENTS_DB_ACQUIRE_TIMEOUT_MS", DEFAULTS.acquire));
  }
}
