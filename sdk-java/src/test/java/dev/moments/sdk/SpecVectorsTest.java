package dev.moments.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Runs every case of the shared vectors (spec/assignment/NN-topic.json, listed in its index.json
 * and generated independently of this SDK): one container per file, one test per case.
 */
class SpecVectorsTest {
  private static final Set<String> OPS =
      Set.of("hash", "bucket", "unitId", "targeting", "assign", "client", "sticky", "holdout");

  @Test
  void theVectorsCoverEveryOp() {
    Set<Object> ops = new HashSet<>();
    for (Map<?, ?> file : files()) {
      ops.add(file.get("op"));
    }
    assertEquals(OPS, ops);
  }

  @TestFactory
  Stream<DynamicNode> assignmentVectors() {
    List<DynamicNode> containers = new ArrayList<>();
    for (Map<?, ?> file : files()) {
      String op = (String) file.get("op");
      String state = rawText(file.get("state"));
      List<DynamicTest> tests = new ArrayList<>();
      for (Object t : (List<?>) file.get("tests")) {
        Map<?, ?> vector = (Map<?, ?>) t;
        tests.add(
            DynamicTest.dynamicTest(
                (String) vector.get("name"), check(op, state, vector, vector.get("expected"))));
      }
      containers.add(DynamicContainer.dynamicContainer((String) file.get("name"), tests));
    }
    return containers.stream();
  }

  private static Executable check(String op, String state, Map<?, ?> t, Object expected) {
    switch (op) {
      case "hash":
        return () ->
            assertEquals(((Double) expected).longValue(), Hashing.hash((String) t.get("value")));
      case "bucket":
        return () ->
            assertEquals(((Double) expected).intValue(), Hashing.bucket((String) t.get("value")));
      case "unitId":
        return () -> assertEquals(expected, UnitIds.isValid((String) t.get("unitId")));
      case "targeting":
        return () ->
            assertEquals(
                expected, Targeting.parse(rawText(t.get("targeting"))).matches(attributes(t)));
      case "assign":
        return () -> assertEquals(expected, assign(AssignmentConfig.fromJson(state), t));
      case "client":
        return () -> assertEquals(expected, ClientVectors.answer(state, t));
      case "sticky":
        return () -> {
          Map<String, String> stored = stored(t);
          Assignment a =
              Assigner.assign(
                  AssignmentConfig.fromJson(state),
                  (String) t.get("moment"),
                  (String) t.get("unitId"),
                  attributes(t),
                  stored::get);
          assertEquals(expected, a == null ? null : withStore(shown(a), a));
          assertEquals(expected, ClientVectors.sticky(state, t, stored));
        };
      case "holdout":
        return () -> {
          AssignmentConfig config = AssignmentConfig.fromJson(state);
          Map<String, Object> got = new LinkedHashMap<>();
          got.put("assignment", assign(config, t));
          Assignment a =
              Assigner.assign(
                  config, (String) t.get("moment"), (String) t.get("unitId"), attributes(t));
          got.put(
              "holdouts",
              a != null && a.forced()
                  ? List.of()
                  : Assigner.holdouts(config, (String) t.get("moment"), (String) t.get("unitId"))
                      .stream()
                      .map(g -> Map.of("holdout", g.holdout(), "variant", g.variant()))
                      .toList());
          assertEquals(expected, got, "core");
          assertEquals(expected, ClientVectors.holdouts(state, t), "client");
        };
      default:
        return () -> {
          throw new AssertionError("unknown op " + op);
        };
    }
  }

  private static Object assign(AssignmentConfig config, Map<?, ?> t) {
    Assignment a =
        Assigner.assign(config, (String) t.get("moment"), (String) t.get("unitId"), attributes(t));
    if (a == null) {
      return null;
    }
    assertEquals(t.get("moment"), a.moment());
    return shown(a);
  }

  /** The core's answer as the vectors write it. */
  static Map<String, Object> shown(Assignment a) {
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("experiment", a.experiment());
    shown.put("variant", a.variant());
    shown.put("forced", a.forced());
    shown.put("rollout", a.rollout());
    shown.put("ad", a.ad());
    return shown;
  }

  static Map<String, Object> withStore(Map<String, Object> shown, Assignment a) {
    shown.put("store", a.store());
    return shown;
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> stored(Map<?, ?> t) {
    return (Map<String, String>) t.get("stored");
  }

  static String rawText(Object raw) {
    return raw == null ? null : ((Json.Raw) raw).text();
  }

  @SuppressWarnings("unchecked")
  static Map<String, ?> attributes(Map<?, ?> t) {
    Object attributes = t.get("attributes");
    return attributes == null ? Map.of() : (Map<String, ?>) attributes;
  }

  /** The case files in index order; a state and targeting nodes stay raw JSON text. */
  static List<Map<?, ?>> files() {
    Map<?, ?> index = (Map<?, ?>) Json.parse(read("index.json"));
    List<Map<?, ?>> files = new ArrayList<>();
    for (Object entry : (List<?>) index.get("files")) {
      String name = (String) ((Map<?, ?>) entry).get("file");
      files.add((Map<?, ?>) Json.parse(read(name), Set.of("state", "targeting")));
    }
    assertTrue(files.size() >= 7, "expected at least 7 case files, found " + files.size());
    return files;
  }

  private static String read(String name) {
    String path = "/spec/assignment/" + name;
    try (InputStream in = SpecVectorsTest.class.getResourceAsStream(path)) {
      assertNotNull(in, path + " is not on the test classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The client op: a fresh client on the state answers one assign; close() sends its events. */
  static final class ClientVectors {
    private ClientVectors() {}

    /** What one assign of a fresh client answers, and every event it sent once closed. */
    private record Run(Assignment assignment, List<Map<?, ?>> events) {}

    private static Run run(String state, Map<?, ?> t, StickyStore store) {
      ClientFixtures.Errors errors = new ClientFixtures.Errors();
      try (FakeEndpoint server =
          new FakeEndpoint().onConfig(r -> FakeEndpoint.Reply.of(200, state))) {
        Assignment a;
        try (MomentsClient client =
            ClientFixtures.quiet(server.url(), errors)
                .configSnapshot(state)
                .flushInterval(Duration.ofHours(1))
                .stickyStore(store)
                .build()) {
          a = client.assign((String) t.get("moment"), (String) t.get("unitId"), attributes(t));
        }
        return new Run(a, ClientFixtures.allEvents(server));
      }
    }

    /** The sticky op through a client whose store holds the case's entries. */
    static Map<String, Object> sticky(String state, Map<?, ?> t, Map<String, String> stored) {
      String unit = (String) t.get("unitId");
      StickyStore store = StickyStore.inMemory(100);
      stored.forEach((experiment, variant) -> store.put(unit, experiment, variant));
      Assignment a = run(state, t, store).assignment();
      if (a.experiment() == null) {
        return null;
      }
      String expected = a.store() ? a.variant() : stored.get(a.experiment());
      assertEquals(expected, store.get(unit, a.experiment()), "the store after assign");
      return withStore(shown(a), a);
    }

    /** The holdout op through a client: its answer and the holdout exposures it sent. */
    static Map<String, Object> holdouts(String state, Map<?, ?> t) {
      Run run = run(state, t, StickyStore.inMemory(1));
      Map<String, Object> got = new LinkedHashMap<>();
      got.put("assignment", run.assignment().experiment() == null ? null : shown(run.assignment()));
      got.put(
          "holdouts",
          run.events().stream()
              .filter(e -> "holdout".equals(e.get("source")))
              .map(e -> Map.of("holdout", e.get("experiment"), "variant", e.get("variant")))
              .toList());
      return got;
    }

    static Map<String, Object> answer(String state, Map<?, ?> t) {
      Run run = run(state, t, StickyStore.inMemory(1));
      Assignment a = run.assignment();
      List<Map<?, ?>> exposures =
          run.events().stream().filter(e -> "exposure".equals(e.get("type"))).toList();
      assertTrue(exposures.size() <= 1, "at most one exposure: " + exposures);
      Map<String, Object> shown = new LinkedHashMap<>();
      shown.put("experiment", a.experiment());
      shown.put("variant", a.variant());
      shown.put("payload", Json.parse(a.payload()));
      shown.put("inExperiment", a.inExperiment());
      shown.put("forced", a.forced());
      shown.put("rollout", a.rollout());
      shown.put("ad", a.ad());
      shown.put("exposure", exposures.isEmpty() ? null : exposure(exposures.get(0), t));
      return shown;
    }

    private static Map<String, Object> exposure(Map<?, ?> event, Map<?, ?> t) {
      assertEquals(t.get("unitId"), event.get("unitId"));
      Map<String, Object> shown = new LinkedHashMap<>();
      shown.put("experiment", event.get("experiment"));
      shown.put("variant", event.get("variant"));
      shown.put("forced", Boolean.TRUE.equals(event.get("forced")));
      shown.put("source", event.get("source"));
      return shown;
    }
  }
}
