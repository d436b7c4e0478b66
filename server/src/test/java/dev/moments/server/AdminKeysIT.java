package dev.moments.server;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.moments.server.config.MomentsConfig;
import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import dev.moments.server.testing.TestPorts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 17 item 11 and issue 20 item 5: admin keys cannot be lost, leaked by prefix or shadowed.
 */
class AdminKeysIT {
  private static final String KEY_B = "second-admin-key-abcdefghijklmnopqrstuvwxyz";
  private static final String KEY_C = "third-admin-key-ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  @Test
  void theLastAdminKeyCannotBeRevoked() {
    try (RunningServer server = RunningServer.start()) {
      JsonArray keys = keys(server);
      assertEquals(1, keys.size(), keys.encode());
      long id = keys.getJsonObject(0).getLong("id");
      var refused = server.admin(DELETE, "/api/v1/keys/" + id, null);
      assertEquals(409, refused.statusCode(), refused.bodyAsString());
      JsonObject error = refused.bodyAsJsonObject().getJsonObject("error");
      assertEquals("last_admin_key", error.getString("code"));
      assertTrue(error.getString("message").contains("MOMENTS_ADMIN_KEY"), error.encode());
      assertEquals(200, server.admin(GET, "/api/v1/keys", null).statusCode(), "still works");
    }
  }

  @Test
  void aKeyShowsFourClearCharactersOnly() {
    try (RunningServer server = RunningServer.start()) {
      var created =
          server.admin(
              POST, "/api/v1/keys", new JsonObject().put("kind", "server").put("name", "svc"));
      String key = created.bodyAsJsonObject().getString("key");
      for (Object k : keys(server)) {
        String prefix = ((JsonObject) k).getString("keyPrefix");
        assertEquals(4, prefix.length(), prefix);
      }
      assertTrue(
          keys(server).stream()
              .anyMatch(k -> ((JsonObject) k).getString("keyPrefix").equals(key.substring(0, 4))));
    }
  }

  /** Databases of the older code hold 8-character prefixes, in api_keys and in the audit log. */
  @Test
  void theMigrationCutsStoredPrefixesToFour() throws Exception {
    DatabaseTarget admin = TestDatabase.serverTarget();
    String name = "keys_v3_" + ProcessHandle.current().pid();
    TestDatabase.execute(admin, "DROP DATABASE IF EXISTS " + name);
    TestDatabase.execute(admin, "CREATE DATABASE " + name);
    DatabaseTarget db = admin.withDatabase(name);
    flyway(db).target("3").load().migrate();
    TestDatabase.execute(
        db,
        "INSERT INTO api_keys (kind, name, key_hash, key_prefix) VALUES ('admin', 'old', 'h',"
            + " 'ak_AbCdE');"
            + "INSERT INTO audit_log (actor, action, entity_type, entity_key, after) VALUES"
            + " ('old', 'key.create', 'key', '1', '{\"keyPrefix\":\"sk_12345\"}')");
    flyway(db).load().migrate();
    assertEquals("ak_A", queryOne(db, "SELECT key_prefix FROM api_keys"));
    assertEquals("sk_1", queryOne(db, "SELECT after ->> 'keyPrefix' FROM audit_log"));
  }

  /** A new MOMENTS_ADMIN_KEY replaces the generated or earlier configured one, and says so. */
  @Test
  void aConfiguredAdminKeyReplacesThePreviousOne() {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    ((Logger) LoggerFactory.getLogger(Bootstrap.class)).addAppender(log);
    Vertx vertx = Vertx.vertx();
    WebClient client = WebClient.create(vertx);
    try {
      String generated;
      First started = firstStart(log.list::clear);
      DatabaseTarget db = started.db();
      int port = started.port();
      try (MomentsServer first = started.server()) {
        generated = first.report().generatedAdminKey().orElseThrow();
        assertEquals(200, status(client, port, generated));
      }
      try (MomentsServer second = MomentsServer.start(config(db, port, Optional.of(KEY_B)))) {
        assertEquals(401, status(client, port, generated), "the generated key is revoked");
        assertEquals(200, status(client, port, KEY_B));
      }
      try (MomentsServer third = MomentsServer.start(config(db, port, Optional.of(KEY_C)))) {
        assertEquals(401, status(client, port, KEY_B), "the earlier configured key is revoked");
        assertEquals(200, status(client, port, KEY_C));
      }
      try (MomentsServer again = MomentsServer.start(config(db, port, Optional.of(KEY_C)))) {
        assertEquals(200, status(client, port, KEY_C), "a restart with the same key keeps it");
      }
      List<String> warnings = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertEquals(2, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("generated at first start"), warnings.toString());
      assertTrue(warnings.get(1).contains("MOMENTS_ADMIN_KEY, starting seco"), warnings.toString());
    } finally {
      ((Logger) LoggerFactory.getLogger(Bootstrap.class)).detachAppender(log);
      vertx.close().await();
    }
  }

  /**
   * A server whose admin key was retired in favour of a person with the admin role generates no new
   * admin key on its next start: someone can still manage it.
   */
  @Test
  void peopleAdminsKeepTheServerFromGeneratingAnotherAdminKey() {
    Vertx vertx = Vertx.vertx();
    WebClient client = WebClient.create(vertx);
    try {
      First started = firstStart(() -> {});
      DatabaseTarget db = started.db();
      int port = started.port();
      String personal;
      try (MomentsServer first = started.server()) {
        String generated = first.report().generatedAdminKey().orElseThrow();
        JsonObject person =
            client
                .post(port, "localhost", "/api/v1/people")
                .putHeader("Authorization", "Bearer " + generated)
                .sendJsonObject(
                    new JsonObject()
                        .put("name", "Ada")
                        .put("email", "ada@x.io")
                        .put("role", "admin"))
                .await()
                .bodyAsJsonObject();
        personal = person.getString("key");
        long adminKeyId =
            client
                .get(port, "localhost", "/api/v1/keys")
                .putHeader("Authorization", "Bearer " + personal)
                .send()
                .await()
                .bodyAsJsonObject()
                .getJsonArray("keys")
                .getJsonObject(0)
                .getLong("id");
        int revoked =
            client
                .delete(port, "localhost", "/api/v1/keys/" + adminKeyId)
                .putHeader("Authorization", "Bearer " + personal)
                .send()
                .await()
                .statusCode();
        assertEquals(204, revoked);
        assertEquals(401, status(client, port, generated));
      }
      try (MomentsServer again = MomentsServer.start(config(db, port, Optional.empty()))) {
        assertEquals(Optional.empty(), again.report().generatedAdminKey());
        assertEquals(200, status(client, port, personal));
      }
    } finally {
      vertx.close().await();
    }
  }

  private record First(DatabaseTarget db, int port, MomentsServer server) {}

  /**
   * The first start, which generates the admin key: on a port found taken it has done so already,
   * so another port gets a fresh database (and {@code beforeEach}, e.g. a log cleared) as well. The
   * restarts reuse the port, which TestPorts picks where no connection takes it meanwhile.
   */
  private static First firstStart(Runnable beforeEach) {
    return TestPorts.onFreePort(
        port -> {
          beforeEach.run();
          DatabaseTarget db = TestDatabase.fresh();
          return new First(db, port, MomentsServer.start(config(db, port, Optional.empty())));
        });
  }

  private static MomentsConfig config(DatabaseTarget db, int port, Optional<String> key) {
    return RunningServer.testConfig(port, db.uri()).adminKey(key).poolSize(2).build();
  }

  private static int status(WebClient client, int port, String key) {
    return client
        .get(port, "localhost", "/api/v1/keys")
        .putHeader("Authorization", "Bearer " + key)
        .send()
        .await()
        .statusCode();
  }

  private static JsonArray keys(RunningServer server) {
    return server.admin(GET, "/api/v1/keys", null).bodyAsJsonObject().getJsonArray("keys");
  }

  private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(DatabaseTarget db) {
    return Flyway.configure()
        .dataSource(db.jdbcUrl(), db.user(), db.password())
        .locations("classpath:db/migration");
  }

  private static String queryOne(DatabaseTarget db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }
}
