package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.sdk.VariantDefinition;
import dev.moments.server.events.Event;
import dev.moments.server.events.Exclusion;
import dev.moments.server.experiment.MetricWindow;
import dev.moments.server.stats.SampleStats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of {@code spec/attribution/} against both ways the rollups attribute a unit's
 * events: the full recount of {@link Attribution#of} (the rebuild, and the worker's fallback) and
 * the incremental fold the worker runs, one event per batch in commit order, from stored states
 * that go through their bytes between batches, falling back to a recount where the states cannot
 * continue. Each case is a test of its own in each path.
 */
class AttributionVectorsTest {
  private static final double TOLERANCE = 1e-9;

  private static Path directory() throws URISyntaxException {
    return Path.of(AttributionVectorsTest.class.getResource("/spec/attribution/index.json").toURI())
        .getParent();
  }

  private static JsonObject read(String file) throws IOException, URISyntaxException {
    return new JsonObject(Files.readString(directory().resolve(file)));
  }

  private static List<String> index() throws IOException, URISyntaxException {
    return new JsonArray(Files.readString(directory().resolve("index.json")))
        .stream().map(String.class::cast).toList();
  }

  @TestFactory
  Stream<DynamicNode> everyCaseInBothPaths() throws IOException, URISyntaxException {
    List<DynamicNode> files = new ArrayList<>();
    for (String file : index()) {
      JsonObject spec = read(file);
      JsonObject state = spec.getJsonObject("state");
      List<DynamicNode> tests = new ArrayList<>();
      for (Object t : spec.getJsonArray("tests")) {
        Case c = Case.of(state, (JsonObject) t);
        tests.add(DynamicTest.dynamicTest("recount: " + c.name, c::assertRecount));
        tests.add(DynamicTest.dynamicTest("incremental: " + c.name, c::assertIncremental));
      }
      files.add(DynamicContainer.dynamicContainer(spec.getString("name"), tests));
    }
    return files.stream();
  }

  @Test
  void everyCaseFileMatchesTheSchema() throws IOException, URISyntaxException {
    Validator validator = schema();
    for (String file : index()) {
      OutputUnit result = validator.validate(read(file));
      assertTrue(result.getValid(), file + ": " + result.getErrors());
    }
  }

  @Test
  void theSchemaRefusesACaseWithoutItsExpectation() throws IOException, URISyntaxException {
    JsonObject spec = read(index().get(0));
    spec.getJsonArray("tests").getJsonObject(0).remove("expected");
    assertFalse(schema().validate(spec).getValid());
    JsonObject misspelt = read(index().get(0));
    misspelt
        .getJsonArray("tests")
        .getJsonObject(0)
        .getJsonArray("events")
        .getJsonObject(0)
        .put("variantt", "bold");
    assertFalse(schema().validate(misspelt).getValid());
  }

  @Test
  void theIndexListsEveryFileInOrderAndEachNamesItsTestsOnce()
      throws IOException, URISyntaxException {
    Set<String> files = new TreeSet<>();
    try (Stream<Path> listing = Files.list(directory())) {
      listing
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("[0-9]{2}-.*\\.json"))
          .forEach(files::add);
    }
    assertEquals(List.copyOf(files), index());
    for (String file : index()) {
      JsonObject spec = read(file);
      assertEquals(file, spec.getString("name") + ".json");
      Set<String> names = new HashSet<>();
      spec.getJsonArray("tests")
          .forEach(t -> assertTrue(names.add(((JsonObject) t).getString("name")), file));
    }
  }

  private static Validator schema() throws IOException, URISyntaxException {
    JsonObject schema = read("schema.json");
    return Validator.create(
        JsonSchema.of(schema),
        new JsonSchemaOptions()
            .setDraft(Draft.DRAFT202012)
            .setBaseUri("https://moments.dev/spec/attribution/"));
  }

  /** One named test: a unit's events in commit order and what the rollups must hold. */
  private record Case(
      String name,
      List<StoredEvent> events,
      Function<String, ExperimentFacts> facts,
      Map<RollupKey, SampleStats> cells,
      Map<String, JsonObject> standings) {

    static Case of(JsonObject state, JsonObject test) {
      String unit = state.getString("unit");
      Map<String, ExperimentFacts> facts = new HashMap<>();
      state
          .getJsonObject("experiments")
          .forEach(e -> facts.put(e.getKey(), facts(e.getKey(), (JsonObject) e.getValue())));
      JsonArray eventsJson = test.getJsonArray("events");
      List<StoredEvent> events = new ArrayList<>();
      for (int i = 0; i < eventsJson.size(); i++) {
        JsonObject e = eventsJson.getJsonObject(i);
        String received = e.getString("receivedAt");
        events.add(
            new StoredEvent(
                i + 1,
                event(unit, "e" + (i + 1), e),
                received == null ? Instant.parse(e.getString("at")) : Instant.parse(received)));
      }
      JsonObject expected = test.getJsonObject("expected");
      Map<String, JsonObject> standings = new LinkedHashMap<>();
      expected
          .getJsonArray("standings")
          .forEach(s -> standings.put(((JsonObject) s).getString("experiment"), (JsonObject) s));
      return new Case(
          test.getString("name"),
          events,
          facts::get,
          cells(expected.getJsonArray("cells"), standings),
          standings);
    }

    private static ExperimentFacts facts(String key, JsonObject json) {
      List<ExperimentFacts.Transition> history = new ArrayList<>();
      json.getJsonArray("history")
          .forEach(
              h ->
                  history.add(
                      new ExperimentFacts.Transition(
                          ((JsonArray) h).getString(0),
                          Instant.parse(((JsonArray) h).getString(1)))));
      List<String> funnel = json.getJsonArray("funnel").stream().map(String.class::cast).toList();
      Map<String, Double> caps = new HashMap<>();
      json.getJsonObject("caps", new JsonObject())
          .forEach(c -> caps.put(c.getKey(), ((Number) c.getValue()).doubleValue()));
      Map<String, List<String>> ratios = new HashMap<>();
      json.getJsonObject("ratios", new JsonObject())
          .forEach(
              r ->
                  ratios.put(
                      r.getKey(),
                      ((JsonArray) r.getValue()).stream().map(String.class::cast).toList()));
      Map<String, MetricWindow> windows = new HashMap<>();
      json.getJsonObject("windows", new JsonObject())
          .forEach(
              w -> {
                JsonObject window = (JsonObject) w.getValue();
                windows.put(
                    w.getKey(),
                    new MetricWindow(
                        Duration.parse(window.getString("start")),
                        Duration.parse(window.getString("end"))));
              });
      List<ExperimentFacts.Replaced> earlier = new ArrayList<>();
      json.getJsonArray("earlier", new JsonArray())
          .forEach(
              r -> {
                JsonObject replaced = (JsonObject) r;
                earlier.add(
                    new ExperimentFacts.Replaced(
                        definitions(replaced.getJsonArray("variants")),
                        Instant.parse(replaced.getString("replacedAt"))));
              });
      return ExperimentFacts.replaced(
              key,
              json.getString("salt"),
              definitions(json.getJsonArray("variants")),
              earlier,
              history,
              new FoldRules(funnel, caps, ratios, windows))
          .keepingPeriods(json.getBoolean("sticky", false));
    }

    private static List<VariantDefinition> definitions(JsonArray json) {
      List<VariantDefinition> variants = new ArrayList<>();
      json.forEach(
          v -> {
            JsonObject variant = (JsonObject) v;
            variants.add(
                new VariantDefinition(
                    variant.getString("key"),
                    variant.getDouble("weight"),
                    null,
                    variant.getString("kind")));
          });
      return variants;
    }

    private static Event event(String unit, String id, JsonObject e) {
      Instant at = Instant.parse(e.getString("at"));
      Event event =
          e.getString("type").equals("exposure")
              ? Event.exposure(
                  id,
                  unit,
                  e.getString("experiment"),
                  e.getString("variant"),
                  at,
                  e.getBoolean("forced", false),
                  e.getJsonObject("attributes"))
              : Event.conversion(
                  id, unit, e.getString("metric"), e.getDouble("value", 1.0), at, null);
      if (e.containsKey("source")) {
        event = event.asAd();
      }
      String excluded = e.getString("excluded");
      if (excluded != null) {
        Exclusion reason = Exclusion.fromWire(excluded);
        assertNotNull(reason, excluded);
        event = event.excludedBecause(reason);
      }
      return event;
    }

    /**
     * The listed cells of all units, and each again under every segment attribute's value and every
     * ad segment of its standing; an excluded event's cell only in the row of all units.
     */
    private static Map<RollupKey, SampleStats> cells(
        JsonArray json, Map<String, JsonObject> standings) {
      Map<RollupKey, SampleStats> cells = new HashMap<>();
      for (Object o : json) {
        JsonObject c = (JsonObject) o;
        String experiment = c.getString("experiment");
        SampleStats stats =
            new SampleStats(
                c.getLong("units", 0L),
                c.getLong("converted", 0L),
                c.getDouble("sum", 0.0),
                c.getDouble("sumSquares", 0.0));
        LocalDate day = LocalDate.parse(c.getString("day"));
        String metric = c.getString("metric");
        if (metric.startsWith(Exclusion.METRIC_PREFIX)) {
          cells.merge(
              new RollupKey(experiment, metric, c.getString("variant"), day, "", ""),
              stats,
              SampleStats::plus);
          continue;
        }
        JsonObject standing = standings.get(experiment);
        assertNotNull(standing, "a cell of experiment " + experiment + " needs its standing");
        UnitRows.of(experiment, standing(standing), standing.getString("period"))
            .add(cells, metric, day, stats);
      }
      return cells;
    }

    /** The expected standing as the fold holds it (only what the cells are split by). */
    private static UnitState.Standing standing(JsonObject s) {
      JsonObject segments = s.getJsonObject("segments");
      Map<String, String> adSegments = new LinkedHashMap<>();
      s.getJsonObject("adSegments", new JsonObject())
          .forEach(a -> adSegments.put(a.getKey(), (String) a.getValue()));
      return new UnitState.Standing(
          s.getString("variant"),
          Instant.parse(s.getString("firstAt")),
          s.getBoolean("forced"),
          s.getBoolean("multiple"),
          RollupRow.SEGMENT_ATTRIBUTES.stream()
              .map(a -> segments.getString(a, Attribution.NO_VALUE))
              .toList(),
          s.getBoolean("ad", false),
          adSegments);
    }

    void assertRecount() {
      Attribution.Contribution contribution = Attribution.of(events, facts);
      // a conversion that changes nothing (a capped total staying at its cap) writes no row
      Map<RollupKey, SampleStats> cells = new HashMap<>(contribution.cells());
      cells.values().removeIf(SampleStats::isZero);
      assertCells(cells);
      Map<String, UnitExposure> standings = new LinkedHashMap<>();
      contribution.exposures().forEach(x -> standings.put(x.experiment(), x));
      assertStandings(standings);
      contribution
          .state()
          .standings
          .forEach(
              (experiment, x) ->
                  assertEquals(
                      adSegments(this.standings.get(experiment)), x.adSegments, experiment));
    }

    private static Map<String, String> adSegments(JsonObject standing) {
      Map<String, String> expected = new LinkedHashMap<>();
      standing
          .getJsonObject("adSegments", new JsonObject())
          .forEach(a -> expected.put(a.getKey(), (String) a.getValue()));
      return expected;
    }

    void assertIncremental() {
      Map<RollupKey, SampleStats> folded = new HashMap<>();
      Map<String, UnitExposure> standings = new LinkedHashMap<>();
      byte[] state = null;
      for (int i = 0; i < events.size(); i++) {
        StoredEvent next = events.get(i);
        Map<String, UnitState> stored = new HashMap<>();
        if (state != null) {
          stored.put(next.event().unitId(), UnitStateBytes.decode(state));
        }
        BatchFold fold = BatchFold.fromStates(new ArrayList<>(List.of(next)), stored, true, facts);
        if (!fold.recount().isEmpty()) {
          List<Inbox.LoadedEvent> raw = new ArrayList<>();
          for (int k = 0; k <= i; k++) {
            raw.add(new Inbox.LoadedEvent(events.get(k), k == i));
          }
          fold.addRecount(Set.of(next.seq()), Map.of(next.event().unitId(), raw), facts);
        }
        PlainCells.add(folded, fold.deltas());
        fold.exposures().forEach(x -> standings.put(x.experiment(), x));
        UnitState after = fold.states().get(next.event().unitId());
        state = UnitStateBytes.encode(after);
      }
      folded
          .values()
          .removeIf(
              s ->
                  s.n() == 0
                      && s.converted() == 0
                      && Math.abs(s.sum()) < TOLERANCE
                      && Math.abs(s.sumSquares()) < TOLERANCE);
      assertCells(folded);
      assertStandings(standings);
      assertArrayEquals(
          UnitStateBytes.encode(Attribution.of(events, facts).state()),
          state,
          "the state a recount would store");
    }

    private void assertCells(Map<RollupKey, SampleStats> actual) {
      assertEquals(new TreeSet<>(keys(cells)), new TreeSet<>(keys(actual)), "cells");
      cells.forEach(
          (key, e) -> {
            SampleStats a = actual.get(key);
            String where = key + ": expected " + e + ", got " + a;
            assertEquals(e.n(), a.n(), where);
            assertEquals(e.converted(), a.converted(), where);
            assertEquals(e.sum(), a.sum(), TOLERANCE, where);
            assertEquals(e.sumSquares(), a.sumSquares(), TOLERANCE, where);
          });
    }

    private static List<String> keys(Map<RollupKey, SampleStats> cells) {
      return cells.keySet().stream().map(RollupKey::toString).toList();
    }

    private void assertStandings(Map<String, UnitExposure> actual) {
      assertEquals(standings.keySet(), actual.keySet(), "experiments with a standing");
      standings.forEach(
          (experiment, e) -> {
            UnitExposure a = actual.get(experiment);
            assertEquals(e.getString("variant"), a.variant(), experiment);
            assertEquals(Instant.parse(e.getString("firstAt")), a.firstAt(), experiment);
            assertEquals(e.getBoolean("forced"), a.forced(), experiment + " forced");
            assertEquals(e.getBoolean("multiple"), a.multiple(), experiment + " multiple");
            assertEquals(e.getBoolean("ad", false), a.ad(), experiment + " ad");
            JsonObject segments = e.getJsonObject("segments");
            List<String> expected =
                RollupRow.SEGMENT_ATTRIBUTES.stream()
                    .map(s -> segments.getString(s, Attribution.NO_VALUE))
                    .toList();
            JsonObject attributes = a.attributes() == null ? null : new JsonObject(a.attributes());
            assertEquals(expected, Attribution.segmentValues(attributes), experiment);
          });
    }
  }
}
