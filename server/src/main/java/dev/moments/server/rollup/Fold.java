package dev.moments.server.rollup;

import dev.moments.server.rollup.Inbox.LoadedEvent;
import dev.moments.server.stats.SampleStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The change a batch of inbox events makes: per touched unit, its contribution with the batch minus
 * its contribution without it. Pure; the worker loads the inputs and writes the outputs in one
 * transaction.
 *
 * @param deltas rollup cells to add (zero cells left out)
 * @param exposures per-experiment standings that are new or changed
 * @param states each touched unit's state after the batch
 */
record Fold(
    Map<RollupKey, SampleStats> deltas,
    List<UnitExposure> exposures,
    Map<String, UnitState> states) {

  static Fold of(
      Set<Long> batch,
      Map<String, List<LoadedEvent>> eventsByUnit,
      Function<String, ExperimentFacts> facts) {
    CellSums deltas = new CellSums();
    List<UnitExposure> exposures = new ArrayList<>();
    Map<String, UnitState> states = new HashMap<>();
    for (Map.Entry<String, List<LoadedEvent>> unit : eventsByUnit.entrySet()) {
      List<LoadedEvent> unitEvents = unit.getValue();
      List<StoredEvent> before =
          unitEvents.stream().filter(e -> !e.pending()).map(LoadedEvent::stored).toList();
      List<StoredEvent> after = folded(batch, unitEvents);
      Attribution.Contribution was = Attribution.of(before, facts);
      Attribution.Contribution is = Attribution.of(after, facts);
      deltas.add(is.cells(), 1);
      deltas.add(was.cells(), -1);
      Set<UnitExposure> unchanged = new HashSet<>(was.exposures());
      is.exposures().stream().filter(x -> !unchanged.contains(x)).forEach(exposures::add);
      states.put(unit.getKey(), is.state());
    }
    return new Fold(deltas.totals(), exposures, states);
  }

  /** The unit's events once the batch is folded: those folded before, and the batch's. */
  static List<StoredEvent> folded(Set<Long> batch, List<LoadedEvent> unitEvents) {
    List<StoredEvent> after = new ArrayList<>(unitEvents.size());
    for (LoadedEvent e : unitEvents) {
      if (!e.pending() || batch.contains(e.stored().seq())) {
        after.add(e.stored());
      }
    }
    return after;
  }
}
