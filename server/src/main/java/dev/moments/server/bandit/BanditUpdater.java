package dev.moments.server.bandit;

import dev.moments.server.auth.Caller;
import dev.moments.server.domain.NotFoundException;
import dev.moments.server.experiment.BanditWeights;
import dev.moments.server.experiment.Direction;
import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.WeightUpdate;
import dev.moments.server.report.ArmSamples;
import dev.moments.server.rollup.RollupReader;
import dev.moments.server.stats.SampleStats;
import dev.moments.server.stats.ThompsonAllocation;
import dev.moments.server.store.BanditUpdates;
import dev.moments.server.store.ExperimentStore;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the weights of running bandits (issue 21), as the system actor {@value #ACTOR_NAME}.
 * Every server runs one, as the scheduler: a round looks at each running bandit and, when its next
 * update is due, computes it from the rollups and stores it through {@link
 * ExperimentStore#updateWeights}, where the update's number makes exactly one server's attempt
 * count and the others change nothing.
 *
 * <p>An update is due once {@code updateEvery} has passed since the last one (or since the start)
 * and at least {@code burnInUnits} units were counted; until then the bandit keeps its equal
 * weights. The weights are Thompson sampling's ({@link ThompsonAllocation}) on the primary metric,
 * direction-aware, floored at {@code minShare}, drawn from a random source seeded by the
 * experiment's key and the update's number: every server, and a rerun, computes the same weights
 * from the same rollups.
 */
public final class BanditUpdater {
  private static final Logger LOG = LoggerFactory.getLogger(BanditUpdater.class);
  public static final String ACTOR_NAME = "bandit";
  static final Caller ACTOR = Caller.system(ACTOR_NAME);
  private final ExperimentStore experiments;
  private final BanditUpdates updates;
  private final RollupReader rollups;
  private final Clock clock;

  public BanditUpdater(
      ExperimentStore experiments, BanditUpdates updates, RollupReader rollups, Clock clock) {
    this.experiments = experiments;
    this.updates = updates;
    this.rollups = rollups;
    this.clock = clock;
  }

  /** One round: every running bandit whose update is due, one after the other. */
  public Future<Void> round() {
    return updates
        .runningBandits()
        .compose(
            keys -> {
              Future<Void> chain = Future.succeededFuture();
              for (String key : keys) {
                chain = chain.compose(v -> update(key));
              }
              return chain;
            });
  }

  private Future<Void> update(String key) {
    Instant now = clock.instant();
    return experiments
        .get(key)
        .compose(
            e ->
                updates
                    .history(key)
                    .compose(
                        history ->
                            due(e, history, now)
                                ? rollups
                                    .rows(key, null)
                                    .map(rows -> next(e, history.size() + 1, rows, now))
                                : Future.succeededFuture(Optional.<WeightUpdate>empty())))
        .compose(
            next ->
                next.map(u -> experiments.updateWeights(ACTOR, key, u).<Void>mapEmpty())
                    .orElse(Future.succeededFuture()))
        .recover(
            failure -> {
              if (failure instanceof NotFoundException) {
                return Future.succeededFuture();
              }
              LOG.warn("The weight update of bandit '{}' failed", key, failure);
              return Future.succeededFuture();
            });
  }

  /** Whether {@code updateEvery} has passed since the last update, or since the start. */
  static boolean due(Experiment e, List<BanditUpdates.Stored> history, Instant now) {
    if (!BanditWeights.takesUpdates(e) || e.startedAt() == null) {
      return false;
    }
    Instant last = history.isEmpty() ? e.startedAt() : history.get(history.size() - 1).at();
    return !now.isBefore(last.plus(e.allocation().updateEvery()));
  }

  /**
   * The update numbered {@code number} from the experiment's rollups at {@code now} (a windowed
   * primary from its matured units); empty while the burn-in lasts.
   */
  static Optional<WeightUpdate> next(
      Experiment e, int number, List<dev.moments.server.rollup.RollupRow> rows, Instant now) {
    long units = ArmSamples.units(rows);
    if (units < e.allocation().burnInUnits()) {
      return Optional.empty();
    }
    List<String> keys = e.variants().stream().map(v -> v.key()).toList();
    Map<String, SampleStats> samples = ArmSamples.of(rows, e.primaryMetric(), keys, now);
    ThompsonAllocation allocation =
        ThompsonAllocation.allocate(
            new ArrayList<>(samples.values()),
            e.primaryMetric().type().statistic(),
            e.primaryMetric().direction() == Direction.DECREASE,
            e.allocation().minShare(),
            ThompsonAllocation.DEFAULT_DRAWS,
            seed(e.key(), number));
    Map<String, Double> weights = new LinkedHashMap<>();
    Map<String, Double> best = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      weights.put(keys.get(i), allocation.weights()[i]);
      best.put(keys.get(i), allocation.probabilityBest()[i]);
    }
    return Optional.of(new WeightUpdate(number, weights, best, units, e.primaryMetric()));
  }

  /** The same for every server and every rerun: the experiment's key and the update's number. */
  static long seed(String key, int number) {
    return UUID.nameUUIDFromBytes((key + ":" + number).getBytes(StandardCharsets.UTF_8))
        .getMostSignificantBits();
  }
}
