package dev.moments.server.rollup;

import dev.moments.server.rollup.Inbox.LoadedEvent;
import dev.moments.server.stats.SampleStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The change a batch of inbox events makes, from the touched units' stored states where the batch
 * continues them in time order (nearly always), and from a recount of the raw events of the other
 * units ({@link Fold}). Pure; the worker loads the inputs, including the raw events of {@link
 * #recount()}, and writes the outputs.
 */
final class BatchFold {
  private final CellSums deltas = new CellSums();
  private final List<UnitExposure> exposures = new ArrayList<>();
  private final Map<String, UnitState> states = new LinkedHashMap<>();
  private final Set<String> recount = new LinkedHashSet<>();

  /**
   * One unit's cells, cleared for the next: a map made per unit was grown from 16 entries to the
   * 20-40 cells of a first exposure every time (its tables and resizes, 8 % of the fold's
   * allocation).
   */
  private final Map<RollupKey, SampleStats> unitCells = new HashMap<>(128);

  private BatchFold() {}

  /**
   * @param batch inbox events, each unit's in any order
   * @param stored the stored state of the units that have one
   * @param complete whether a unit without a stored state has no folded events
   */
  static BatchFold fromStates(
      List<StoredEvent> batch,
      Map<String, UnitState> stored,
      boolean complete,
      Function<String, ExperimentFacts> facts) {
    BatchFold fold = new BatchFold();
    Map<String, List<StoredEvent>> byUnit = new LinkedHashMap<>();
    batch.forEach(e -> byUnit.computeIfAbsent(e.event().unitId(), k -> new ArrayList<>()).add(e));
    byUnit.forEach(
        (unit, events) -> {
          UnitState state = stored.get(unit);
          if (state == null && !complete
              || !fold.continueState(state == null ? new UnitState() : state, events, facts)) {
            fold.recount.add(unit);
          }
        });
    return fold;
  }

  /** Folds one unit's events after its state; nothing is kept when they do not continue it. */
  private boolean continueState(
      UnitState state, List<StoredEvent> events, Function<String, ExperimentFacts> facts) {
    events.sort(StoredEvent.BY_TIME);
    Map<RollupKey, SampleStats> cells = unitCells;
    cells.clear();
    List<UnitExposure> standings = new ArrayList<>();
    for (StoredEvent e : events) {
      if (!state.isAfterMark(e) || !state.add(e, facts, cells, standings)) {
        return false;
      }
    }
    deltas.add(cells, 1);
    exposures.addAll(standings);
    states.put(events.get(0).event().unitId(), state);
    return true;
  }

  /** The units whose raw events {@link #addRecount} needs. */
  Set<String> recount() {
    return recount;
  }

  /** Adds the recounted units: their change from all their events, and their state from scratch. */
  void addRecount(
      Set<Long> batchSeqs,
      Map<String, List<LoadedEvent>> eventsByUnit,
      Function<String, ExperimentFacts> facts) {
    Fold fold = Fold.of(batchSeqs, eventsByUnit, facts);
    deltas.add(fold.deltas(), 1);
    exposures.addAll(fold.exposures());
    states.putAll(fold.states());
  }

  /** Rollup cells to add, zero cells left out. */
  Map<RollupKey, SampleStats> deltas() {
    return deltas.totals();
  }

  /** Per-experiment standings that are new or changed. */
  List<UnitExposure> exposures() {
    return exposures;
  }

  /** The new state of every touched unit. */
  Map<String, UnitState> states() {
    return states;
  }
}
