package dev.moments.server;

import dev.moments.server.config.MomentsConfig;
import dev.moments.server.db.ConfiguredDatabase;
import dev.moments.server.rollup.RollupRebuild;

/**
 * {@code java -jar moments-server.jar rebuild-rollups}: recomputes every rollup from the raw
 * events, prints how the live rollups differ (nothing, when they agree) and replaces them. Exit
 * code 0 when they agreed, 1 when differences were found and repaired, 2 when it refused because
 * the event retention has dropped raw events (nothing changed). With the embedded database, stop
 * the server first (one PostgreSQL per data directory); with MOMENTS_DB_URL it may run beside live
 * servers (it takes the rollup worker's lock).
 */
final class RebuildCommand {
  private RebuildCommand() {}

  static int run(MomentsConfig config) {
    try (ConfiguredDatabase database = ConfiguredDatabase.open(config)) {
      // RollupRebuild prints the differences (or that they agree) itself.
      return RollupRebuild.run(database.target()).agree() ? 0 : 1;
    } catch (RollupRebuild.Refused refused) {
      System.err.println(refused.getMessage());
      return 2;
    }
  }
}
