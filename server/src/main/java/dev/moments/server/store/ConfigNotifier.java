package dev.moments.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * Tells every server on this database that the SDK configuration changed. PostgreSQL delivers a
 * NOTIFY only when its transaction commits, so listeners never see a change that was rolled back.
 */
public final class ConfigNotifier {
  public static final String CHANNEL = "moments_config";

  private ConfigNotifier() {}

  static Future<Void> notify(SqlConnection conn) {
    return conn.query("NOTIFY " + CHANNEL).execute().mapEmpty();
  }
}
