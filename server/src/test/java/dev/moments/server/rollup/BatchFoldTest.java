package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.events.Event;
import dev.moments.server.rollup.Inbox.LoadedEvent;
import dev.moments.server.stats.CovariateMoments;
import dev.moments.server.stats.SampleStats;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The worker's folding from stored unit states, replayed in memory batch by batch (states go
 * through their bytes between batches, as through the table), against {@link Attribution} over all
 * events at once.
 */
class BatchFoldTest {
  private static final Function<String, ExperimentFacts> FACTS = RandomEvents.FACTS;

  @Test
  void cupedSumsFoldFromStatesAsAFullRecountDoes() {
    RandomEvents random = new RandomEvents(9);
    Replay replay = replay(random.generate(400), 0, 20, RandomEvents.FACTS_CUPED);
    Replay shuffled =
        replay(
            random.arrivalOrder(random.generate(300)).stream().distinct().toList(),
            0,
            1000,
            RandomEvents.FACTS_CUPED);
    for (Replay r : List.of(replay, shuffled)) {
      // the sums are there, and some units brought a pre-period total
      CovariateMoments revenue =
          r.folded.entrySet().stream()
              .filter(
                  e ->
                      e.getKey().metric().equals("revenue")
                          && e.getKey().segmentAttribute().isEmpty())
              .map(e -> e.getValue().covariates())
              .filter(m -> m != null)
              .reduce(CovariateMoments.empty(CupedFold.LAYOUT.size()), CovariateMoments::plus);
      assertTrue(revenue.n() > 50, "units with sums: " + revenue.n());
      assertTrue(revenue.sumX(0) > 0, "pre-period revenue: " + revenue.sumX(0));
      assertTrue(revenue.sumXY(0) > 0, "Σ pre x y: " + revenue.sumXY(0));
    }
  }

  @Test
  void nearlyTimeOrderedArrivalsFoldMostlyFromStatesAndAgreeWithAFullRecount() {
    Replay replay = replay(new RandomEvents(5).generate(400), 0, 20);
    assertTrue(
        replay.fromStates > 5 * replay.recounted,
        replay.fromStates + " from states, " + replay.recounted);
    assertTrue(replay.recounted > 0, "late arrivals and standing changes are recounted");
  }

  @Test
  void shuffledArrivalsAgreeWithAFullRecount() {
    RandomEvents random = new RandomEvents(6);
    replay(random.arrivalOrder(random.generate(300)).stream().distinct().toList(), 0, 1000);
  }

  @Test
  void timestampTiesBetweenExposuresAndConversionsAgreeWithAFullRecount() {
    // six-hour clocks make many events of a unit share a timestamp, so commit order decides
    List<Event> coarse =
        new RandomEvents(8)
            .generate(400).stream()
                .map(
                    e ->
                        at(
                            e,
                            Instant.ofEpochSecond(
                                e.timestamp().getEpochSecond() / 21_600 * 21_600)))
                .toList();
    replay(coarse, 0, 20);
  }

  @Test
  void attributesReadAsTextFoldAsParsedOnesDo() {
    List<Event> events = new RandomEvents(10).generate(300);
    Replay parsed = replay(events, 0, 20, FACTS, false);
    Replay text = replay(events, 0, 20, FACTS, true);
    assertEquals(parsed.folded, text.folded);
    assertEquals(parsed.exposures, text.exposures);
    assertEquals(parsed.states.keySet(), text.states.keySet());
    parsed.states.forEach(
        (unit, bytes) -> assertTrue(Arrays.equals(bytes, text.states.get(unit)), unit));
    assertTrue(
        parsed.exposures.stream().anyMatch(x -> x.attributes() != null), "some with attributes");
  }

  @Test
  void onlyAFirstExposuresAttributesAreParsed() {
    ExperimentFacts exp = RandomEvents.EXP_A;
    String unit = "u-lazy";
    String variant = exp.hashVariant(unit);
    Instant t = RandomEvents.START.plusSeconds(3600);
    List<StoredEvent> batch =
        List.of(
            asRead(
                new StoredEvent(
                    1,
                    Event.exposure(
                        "x1",
                        unit,
                        "exp-a",
                        variant,
                        t,
                        false,
                        new JsonObject().put("device", "mobile")))),
            new StoredEvent(
                2,
                Event.exposure("x2", unit, "exp-a", variant, t.plusSeconds(1), false, null),
                null,
                "not json: a repeat's attributes are never read"));
    BatchFold fold = BatchFold.fromStates(batch, Map.of(), true, FACTS);
    assertTrue(fold.recount().isEmpty());
    assertEquals(1, fold.exposures().size());
    assertEquals("{\"device\":\"mobile\"}", fold.exposures().get(0).attributes());
  }

  /** The event as {@link Inbox} reads it: its attributes as text, not parsed. */
  private static StoredEvent asRead(StoredEvent s) {
    Event e = s.event();
    return new StoredEvent(
        s.seq(),
        copy(e, e.timestamp(), null),
        s.receivedAt(),
        e.attributes() == null ? null : e.attributes().encode());
  }

  private static Event at(Event e, Instant t) {
    return copy(e, t, e.attributes());
  }

  private static Event copy(Event e, Instant t, JsonObject attributes) {
    return new Event(
        e.id(),
        e.type(),
        e.unitId(),
        e.experiment(),
        e.variant(),
        e.metric(),
        e.value(),
        t,
        e.forced(),
        attributes,
        e.source(),
        e.excluded());
  }

  private static final class Replay {
    final Map<RollupKey, SampleStats> folded = new HashMap<>();
    final Map<String, byte[]> states = new HashMap<>();
    final List<UnitExposure> exposures = new ArrayList<>();
    int fromStates;
    int recounted;
  }

  /**
   * Commits the events in time order give or take {@code jitter} positions (or in the given order
   * when 0 and {@code jitter} is large), then folds them in random batches.
   */
  private static Replay replay(List<Event> events, long seed, int jitter) {
    return replay(events, seed, jitter, FACTS);
  }

  private static Replay replay(
      List<Event> events, long seed, int jitter, Function<String, ExperimentFacts> facts) {
    return replay(events, seed, jitter, facts, false);
  }

  /**
   * @param asRead the events' attributes as text, as {@link Inbox} reads them
   */
  private static Replay replay(
      List<Event> events,
      long seed,
      int jitter,
      Function<String, ExperimentFacts> facts,
      boolean asRead) {
    Random random = new Random(seed);
    List<StoredEvent> committed = commitOrder(events, random, jitter);
    if (asRead) {
      committed = committed.stream().map(BatchFoldTest::asRead).toList();
    }
    Replay replay = new Replay();
    Set<Long> done = new HashSet<>();
    for (int i = 0; i < committed.size(); ) {
      List<StoredEvent> batch =
          new ArrayList<>(
              committed.subList(i, Math.min(committed.size(), i + 1 + random.nextInt(60))));
      i += batch.size();
      foldBatch(replay, batch, committed, done, facts);
    }
    assertAgree(committed, replay, facts);
    return replay;
  }

  private static List<StoredEvent> commitOrder(List<Event> events, Random random, int jitter) {
    List<Event> order = new ArrayList<>(events);
    if (jitter < 1000) {
      double[] keys = new double[order.size()];
      List<Integer> index = new ArrayList<>();
      List<Event> byTime = order.stream().sorted(Comparator.comparing(Event::timestamp)).toList();
      for (int k = 0; k < byTime.size(); k++) {
        keys[k] = k + random.nextDouble() * jitter;
        index.add(k);
      }
      index.sort(Comparator.comparingDouble(k -> keys[k]));
      order = index.stream().map(byTime::get).toList();
    }
    List<StoredEvent> committed = new ArrayList<>();
    for (int k = 0; k < order.size(); k++) {
      committed.add(new StoredEvent(k + 1, order.get(k)));
    }
    return committed;
  }

  private static void foldBatch(
      Replay replay,
      List<StoredEvent> batch,
      List<StoredEvent> committed,
      Set<Long> done,
      Function<String, ExperimentFacts> facts) {
    Map<String, UnitState> stored = new HashMap<>();
    replay.states.forEach((unit, bytes) -> stored.put(unit, UnitStateBytes.decode(bytes)));
    BatchFold fold = BatchFold.fromStates(batch, stored, true, facts);
    Set<Long> seqs = new HashSet<>();
    batch.forEach(e -> seqs.add(e.seq()));
    Map<String, List<LoadedEvent>> raw = new HashMap<>();
    for (StoredEvent e : committed) {
      if (fold.recount().contains(e.event().unitId())) {
        raw.computeIfAbsent(e.event().unitId(), k -> new ArrayList<>())
            .add(new LoadedEvent(e, !done.contains(e.seq())));
      }
    }
    fold.addRecount(seqs, raw, facts);
    replay.recounted += fold.recount().size();
    replay.fromStates += fold.states().size() - fold.recount().size();
    PlainCells.add(replay.folded, fold.deltas());
    replay.exposures.addAll(fold.exposures());
    fold.states().forEach((unit, state) -> replay.states.put(unit, UnitStateBytes.encode(state)));
    done.addAll(seqs);
  }

  private static void assertAgree(
      List<StoredEvent> committed, Replay replay, Function<String, ExperimentFacts> facts) {
    Map<String, List<StoredEvent>> byUnit = new HashMap<>();
    committed.forEach(
        e -> byUnit.computeIfAbsent(e.event().unitId(), k -> new ArrayList<>()).add(e));
    Map<RollupKey, SampleStats> expected = new HashMap<>();
    byUnit.forEach(
        (unit, events) -> {
          PlainCells.add(expected, Attribution.of(events, facts).cells());
          assertTrue(
              Arrays.equals(
                  UnitStateBytes.encode(Attribution.of(events, facts).state()),
                  replay.states.get(unit)),
              "state of " + unit);
        });
    expected.values().removeIf(SampleStats::isZero);
    replay
        .folded
        .values()
        .removeIf(
            t ->
                Math.abs(t.sum()) < 1e-9
                    && Math.abs(t.sumSquares()) < 1e-6
                    && t.n() == 0
                    && t.converted() == 0
                    && nearZero(t.covariates()));
    assertEquals(expected.keySet(), replay.folded.keySet());
    expected.forEach(
        (key, e) -> {
          SampleStats a = replay.folded.get(key);
          assertEquals(e.n(), a.n(), key::toString);
          assertEquals(e.converted(), a.converted(), key::toString);
          assertEquals(e.sum(), a.sum(), 1e-6 * Math.max(1, Math.abs(e.sum())), key::toString);
          assertEquals(
              e.sumSquares(),
              a.sumSquares(),
              1e-6 * Math.max(1, Math.abs(e.sumSquares())),
              key::toString);
          assertClose(e.covariates(), a.covariates(), key.toString());
        });
  }

  private static boolean nearZero(CovariateMoments m) {
    return m == null || Arrays.stream(m.toArray()).allMatch(v -> Math.abs(v) < 1e-6);
  }

  /** Both null (or zero), or equal element by element to 1e-6 relative. */
  static void assertClose(CovariateMoments expected, CovariateMoments actual, String what) {
    if (nearZero(expected) && nearZero(actual)) {
      return;
    }
    assertTrue(expected != null && actual != null, what + ": " + expected + " vs " + actual);
    double[] e = expected.toArray();
    double[] a = actual.toArray();
    assertEquals(e.length, a.length, what);
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], 1e-6 * Math.max(1, Math.abs(e[i])), what + " [" + i + "]");
    }
  }
}
