package dev.moments.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * Tells every server on this database that the SDK configuration changed, or (with the payload
 * {@value #KEYS}) that a key was revoked or got a new quota. PostgreSQL delivers a NOTIFY only when
 * its transaction commits, so listeners never see a change that was rolled back.
 */
public final class ConfigNotifier {
  public static final String CHANNEL = "moments_config";

  /** The payload of a change to keys: servers drop the keys they have cached. */
  public static final String KEYS = "keys";

  private ConfigNotifier() {}

  static Future<Void> notify(SqlConnection conn) {
    return conn.query("NOTIFY " + CHANNEL).execute().mapEmpty();
  }

  static Future<Void> notifyKeys(SqlConnection conn) {
    return conn.query("NOTIFY " + CHANNEL + ", '" + KEYS + "'").execute().mapEmpty();
  }
}
