package dev.moments.server.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.db.Migrations;
import dev.moments.server.stats.TestMethod;
import dev.moments.server.stats.VarianceReduction;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V11: experiments stored with the boolean {@code stats.sequential} keep their behaviour
 * (always_valid or fixed); only new ones get group_sequential. V20: likewise stored experiments
 * keep no variance reduction; only new ones get CUPED.
 */
class StatsMethodMigrationIT {

  @Test
  void storedExperimentsKeepTheMethodTheirFlagMeant() {
    DatabaseTarget admin = TestDatabase.serverTarget();
    String name = "t" + ProcessHandle.current().pid() + "_stats_method";
    TestDatabase.execute(admin, "CREATE DATABASE " + name);
    DatabaseTarget db = admin.withDatabase(name);
    Flyway.configure()
        .dataSource(db.jdbcUrl(), db.user(), db.password())
        .locations("classpath:db/migration")
        .target("10")
        .load()
        .migrate();
    TestDatabase.execute(
        db, "INSERT INTO moments (key, stage, name) VALUES ('fmot.hero', 'FMOT', 'Hero')");
    for (String[] row :
        new String[][] {
          {"watched", "{\"alpha\":0.05,\"sequential\":true}"},
          {"read-once", "{\"alpha\":0.05,\"sequential\":false}"},
          {"older", "{\"alpha\":0.05}"}
        }) {
      TestDatabase.execute(
          db,
          "INSERT INTO experiments (key, moment, name, status, salt, traffic_percent, variants,"
              + " control, primary_metric, stats) VALUES ('"
              + row[0]
              + "', 'fmot.hero', 'x', 'draft', 's', 100, '[]', 'control', '{}', '"
              + row[1]
              + "')");
    }
    Migrations.apply(db);
    List<String> stats =
        TestDatabase.strings(db, "SELECT stats::text FROM experiments ORDER BY key");
    // keys in order: older, read-once, watched
    assertEquals(
        List.of(TestMethod.ALWAYS_VALID, TestMethod.FIXED, TestMethod.ALWAYS_VALID),
        stats.stream().map(s -> StatsJson.parse(new JsonObject(s)).method()).toList());
    assertEquals("obrien_fleming", new JsonObject(stats.get(0)).getString("spending"));
    // V20: their rollups have no CUPED sums, so they stay unadjusted; only new ones get cuped
    assertEquals(
        List.of(VarianceReduction.NONE, VarianceReduction.NONE, VarianceReduction.NONE),
        stats.stream().map(s -> StatsJson.parse(new JsonObject(s)).varianceReduction()).toList());
    assertEquals(14, new JsonObject(stats.get(0)).getInteger("lookbackDays"));
    assertEquals(VarianceReduction.CUPED, StatsJson.parse(new JsonObject()).varianceReduction());
  }
}
