package dev.moments.sdk.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.sdk.Assigner;
import dev.moments.sdk.AssignmentConfig;
import dev.moments.sdk.MomentsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The README's JDBC StickyStore example, as written there, against an in-memory H2 database: two
 * clients (two processes of a service) share the entries, and a weight change moves nobody.
 */
class JdbcStickyStoreTest {
  private static final String STICKY_50_50 =
      """
      {"version":"%s","experiments":[{"key":"hero","moment":"fmot.hero","salt":"s","status":"running",
        "trafficPercent":100,"ranges":[[0,10000]],"sticky":true,
        "variants":[{"key":"control","weight":%d},{"key":"bold","weight":%d}]}]}
      """;

  private static JdbcDataSource database() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:sticky" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    try (Connection c = h2.getConnection()) {
      c.createStatement()
          .execute(
              "CREATE TABLE moments_sticky (unit_id VARCHAR(1024), experiment VARCHAR(64),"
                  + " variant VARCHAR(64), PRIMARY KEY (unit_id, experiment))");
    }
    return h2;
  }

  private static MomentsClient client(JdbcStickyStore store, String config) {
    return MomentsClient.builder("http://127.0.0.1:9", "sk-test")
        .configSnapshot(config)
        .stickyStore(store)
        .initialFetchTimeout(Duration.ZERO)
        .closeTimeout(Duration.ZERO)
        .onError(e -> {})
        .build();
  }

  @Test
  void storesReplacesAndShares() throws Exception {
    JdbcStickyStore store = new JdbcStickyStore(database());
    assertNull(store.get("u1", "hero"));
    store.put("u1", "hero", "bold");
    store.put("u1", "hero", "control");
    assertEquals("control", store.get("u1", "hero"));
  }

  @Test
  void aSecondProcessKeepsTheUnitsOfTheFirstAfterAWeightChange() throws Exception {
    JdbcStickyStore shared = new JdbcStickyStore(database());
    String before = STICKY_50_50.formatted("v1", 50, 50);
    String after = STICKY_50_50.formatted("v2", 10, 90);
    List<String> units = new ArrayList<>();
    List<String> first = new ArrayList<>();
    try (MomentsClient one = client(shared, before)) {
      for (int i = 0; i < 100; i++) {
        units.add("user-" + i);
        first.add(one.assign("fmot.hero", "user-" + i).variant());
      }
    }
    AssignmentConfig changed = AssignmentConfig.fromJson(after);
    long wouldMove =
        units.stream()
            .filter(
                u ->
                    !Assigner.assign(changed, "fmot.hero", u, null)
                        .variant()
                        .equals(first.get(units.indexOf(u))))
            .count();
    assertTrue(wouldMove > 10, "the new weights alone would move " + wouldMove);
    try (MomentsClient two = client(shared, after)) {
      for (int i = 0; i < units.size(); i++) {
        assertEquals(first.get(i), two.assign("fmot.hero", units.get(i)).variant(), units.get(i));
      }
    }
  }

  /** The README shows this class; a README that drifts from it fails here. */
  @Test
  void theReadmeShowsThisClassAsItIs() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String source =
        Files.readString(Path.of("src/test/java/dev/moments/sdk/examples/JdbcStickyStore.java"));
    String body = source.substring(source.indexOf("import "));
    assertTrue(
        readme.contains("```java\n" + body + "```"),
        "README.md shows JdbcStickyStore.java from its imports on");
  }
}
