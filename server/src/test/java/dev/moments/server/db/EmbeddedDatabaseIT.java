package dev.moments.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddedDatabaseIT {
  /** The library starts PostgreSQL with -F (no fsync); the server must be able to undo that. */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void fsyncIsWhatTheConfigurationSays(boolean fsync) throws Exception {
    Path dir = Files.createTempDirectory("moments-embedded");
    Vertx vertx = Vertx.vertx();
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, fsync)) {
      Pool pool = Pools.open(vertx, db.target(), 1);
      String shown = pool.query("SHOW fsync").execute().await().iterator().next().getString(0);
      pool.close().await();
      assertEquals(fsync ? "on" : "off", shown);
    } finally {
      vertx.close().await();
    }
  }
}
