package dev.moments.server.rollup;

import dev.moments.server.rollup.Inbox.LoadedEvent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recount's rule once the retention has dropped raw events (server/README.md, "Event
 * retention"): a unit's raw events may then no longer be its whole history, and a recount from a
 * partial history would replace its contribution with a wrong one. A unit is recounted only when
 * its retained folded events give exactly the state the fold stored for it (its history then holds
 * all that decides its numbers); otherwise the batch's events of that unit are left out of the
 * statistics, its rollups and state stay as they were, and the events are counted as {@value
 * ExcludedEvents#HISTORY_EXPIRED}. Pure.
 */
final class RetainedHistory {
  private static final Logger LOG = LoggerFactory.getLogger(RetainedHistory.class);

  private RetainedHistory() {}

  /**
   * The units of {@code recount} that may be recounted from their retained events.
   *
   * @param stored the units' stored states (those that have one)
   * @param complete whether a unit without a stored state has no folded events
   * @param batchEvents each unit's events in the batch, for the count of those left out
   */
  static Map<String, List<LoadedEvent>> recountable(
      Map<String, List<LoadedEvent>> recount,
      Map<String, UnitState> stored,
      boolean complete,
      Function<String, ExperimentFacts> facts,
      Map<String, Integer> batchEvents,
      ExcludedEvents excluded) {
    Map<String, List<LoadedEvent>> kept = new HashMap<>();
    recount.forEach(
        (unit, events) -> {
          if (whole(events, stored.get(unit), complete, facts)) {
            kept.put(unit, events);
          } else {
            int left = batchEvents.getOrDefault(unit, 0);
            excluded.byReason().get(ExcludedEvents.HISTORY_EXPIRED).add(left);
            LOG.warn(
                "{} events of unit '{}' arrived out of order after part of its history was dropped"
                    + " by the retention: left out of the statistics ({})",
                left,
                unit,
                ExcludedEvents.HISTORY_EXPIRED);
          }
        });
    return kept;
  }

  /** Whether the unit's retained folded events give the state the fold stored for it. */
  static boolean whole(
      List<LoadedEvent> events,
      UnitState stored,
      boolean complete,
      Function<String, ExperimentFacts> facts) {
    List<StoredEvent> folded =
        events.stream().filter(e -> !e.pending()).map(LoadedEvent::stored).toList();
    if (stored == null) {
      return complete && folded.isEmpty();
    }
    byte[] recounted = UnitStateBytes.encode(Attribution.of(folded, facts).state());
    return Arrays.equals(recounted, UnitStateBytes.encode(stored));
  }
}
