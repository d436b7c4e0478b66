package dev.moments.server.rollup;

import dev.moments.server.events.Exclusion;
import dev.moments.server.stats.SampleStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * This process's running count of the events the fold left out, by reason, for {@code /metrics}
 * ({@code moments_events_excluded_total}). An event naming an experiment that does not exist counts
 * as {@value #UNKNOWN_EXPERIMENT} here (in the rollups it is before that experiment's start, should
 * it ever be created). A later recount that takes an exclusion back does not lower the count. The
 * durable figures are the rollups' ({@code GET /api/v1/events/summary}, each report's health).
 */
public final class ExcludedEvents {
  public static final String UNKNOWN_EXPERIMENT = "unknownExperiment";

  /**
   * An event that arrived out of order for a unit part of whose history the retention had dropped
   * (see {@link RetainedHistory}): counted here only, as no rollup can say which experiment it
   * would have counted in.
   */
  public static final String HISTORY_EXPIRED = "historyExpired";

  /**
   * An event the database refused to fold for its data (see {@link FoldRefusals}): kept out of the
   * rollups, listed in {@code refused_events}.
   */
  public static final String DATABASE_REFUSED = "databaseRefused";

  private final Map<String, LongAdder> byReason = new LinkedHashMap<>();

  public ExcludedEvents() {
    for (Exclusion e : Exclusion.values()) {
      byReason.put(e.wire(), new LongAdder());
    }
    byReason.put(UNKNOWN_EXPERIMENT, new LongAdder());
    byReason.put(HISTORY_EXPIRED, new LongAdder());
    byReason.put(DATABASE_REFUSED, new LongAdder());
  }

  /** The reasons, each with its running count. */
  public Map<String, LongAdder> byReason() {
    return byReason;
  }

  /** Counts one event the database refused ({@link FoldRefusals}). */
  void refused() {
    byReason.get(DATABASE_REFUSED).increment();
  }

  /** Adds a batch's new exclusions (its positive {@code $excluded:} deltas); returns the deltas. */
  Map<RollupKey, SampleStats> count(Map<RollupKey, SampleStats> deltas, KnownFacts facts) {
    deltas.forEach(
        (key, stats) -> {
          if (stats.n() > 0 && key.metric().startsWith(Exclusion.METRIC_PREFIX)) {
            String reason =
                facts.apply(key.experiment()) == null
                    ? UNKNOWN_EXPERIMENT
                    : key.metric().substring(Exclusion.METRIC_PREFIX.length());
            LongAdder counter = byReason.get(reason);
            if (counter != null) {
              counter.add(stats.n());
            }
          }
        });
    return deltas;
  }
}
