package dev.moments.server.report;

import dev.moments.server.experiment.Experiment;
import dev.moments.server.rollup.RollupReader;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.store.ExperimentStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Reads what a report of an experiment whose split changed is weighted by ({@link
 * ChangingSplitInput}): its weight periods and, when they differ, its cohorts and the units of each
 * exact period.
 */
final class ChangingSplitReader {
  private final ExperimentStore experiments;
  private final RollupReader rollups;

  ChangingSplitReader(ExperimentStore experiments, RollupReader rollups) {
    this.experiments = experiments;
    this.rollups = rollups;
  }

  /**
   * The experiment's weight periods and, when they differ (or it is a bandit), its cohorts from
   * {@code from} to {@code to} (their events up to {@code to}); null when the split never changed.
   *
   * @param from {@link LocalDate#EPOCH} for the whole run, which alone reads the exact periods
   * @param at the report's clock, at which windows are read
   */
  Future<ChangingSplitInput> read(Experiment experiment, LocalDate from, LocalDate to, Instant at) {
    if (experiment.startedAt() == null) {
      return Future.succeededFuture();
    }
    return experiments
        .weightHistory(experiment)
        .compose(
            history -> {
              WeightPeriods periods = WeightPeriods.of(history);
              boolean bandit = experiment.allocation().isBandit();
              if (!bandit && !periods.changed()) {
                return Future.succeededFuture();
              }
              // the exact periods hold every unit whatever the day: only for the whole run
              Future<List<RollupRow>> byPeriod =
                  from.equals(LocalDate.EPOCH)
                      ? rollups.periodTotals(experiment.key(), to, windowed(experiment))
                      : Future.succeededFuture();
              return Future.all(rollups.cohortTotals(experiment.key(), to), byPeriod)
                  .map(
                      both ->
                          new ChangingSplitInput(
                              periods,
                              both.<List<RollupRow>>resultAt(0).stream()
                                  .filter(r -> !r.day().isBefore(from) && !r.day().isAfter(to))
                                  .toList(),
                              at,
                              bandit,
                              both.resultAt(1)));
            });
  }

  /** The keys of the experiment's windowed metrics (their rows are dated by exposure day). */
  private static List<String> windowed(Experiment experiment) {
    return experiment.metrics().stream().filter(m -> m.window() != null).map(m -> m.key()).toList();
  }
}
