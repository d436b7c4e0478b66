package dev.moments.server.rollup;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One fold batch's transaction: fence the partitions, claim, read the batch, fold it and write the
 * rollups, exposures and unit states with the removal of the batch's inbox rows, then commit, so an
 * event is counted exactly once even if the server dies mid-way. {@link RollupWorker} paces them.
 */
final class FoldTransaction {
  private FoldTransaction() {}

  /**
   * One batch in one read committed transaction: fenced first (see {@link FoldFence#fence}), so
   * every later statement sees what the partitions' previous folds committed; rollup rows that
   * other partitions' folds update at the same time are added to, never overwritten.
   *
   * @param partitions the partitions to fold, null for all
   */
  static Future<FoldRound> run(
      Pool pool, List<Short> partitions, int limit, ExcludedEvents excluded, FoldCycle cycle) {
    if (partitions != null && partitions.isEmpty()) {
      return Future.succeededFuture(FoldRound.NONE);
    }
    return pool.withConnection(
        conn ->
            conn.begin()
                .compose(
                    tx ->
                        FoldFence.fence(conn, partitions)
                            .compose(fenced -> foldFenced(conn, fenced, limit, excluded, cycle))
                            .compose(
                                round -> tx.commit().map(round).onSuccess(r -> cycle.committed()),
                                failure ->
                                    tx.rollback().transform(v -> Future.failedFuture(failure)))));
  }

  private static Future<FoldRound> foldFenced(
      SqlConnection conn, List<Short> fenced, int limit, ExcludedEvents excluded, FoldCycle cycle) {
    if (fenced.isEmpty()) {
      return Future.succeededFuture(FoldRound.NONE);
    }
    int perPartition = Math.max(1, (limit + fenced.size() - 1) / fenced.size());
    return InboxCount.claim(conn)
        .compose(
            claim -> {
              cycle.claimed();
              return fold(conn, fenced, perPartition, claim, excluded, cycle);
            });
  }

  /**
   * @param claim whether every unit with folded events has a stored state (see
   *     V3__rollup_unit_state.sql), and whether the retention ever dropped events
   */
  private static Future<FoldRound> fold(
      SqlConnection conn,
      List<Short> partitions,
      int perPartition,
      InboxCount.Claim claim,
      ExcludedEvents excluded,
      FoldCycle cycle) {
    return Inbox.batch(conn, partitions, perPartition)
        .compose(
            batch -> {
              cycle.read(batch.events().size());
              // the claim counted before the batch read: events stored in between have an age but
              // were not counted, and a backlog of none has no lag
              long lagMs = claim.lag() == 0 ? 0 : batch.lagMs();
              FoldRound round =
                  new FoldRound(
                      batch.events().size(), claim.lag(), lagMs, batch.allPartitions(), true);
              if (batch.events().isEmpty()) {
                return Future.succeededFuture(round);
              }
              KnownFacts facts = new KnownFacts();
              return foldRead(conn, batch, claim, facts, excluded)
                  .compose(
                      fold -> {
                        cycle.folded();
                        return write(conn, batch, fold, facts, excluded);
                      })
                  .map(
                      v -> {
                        cycle.written();
                        return round;
                      });
            });
  }

  /** The batch folded in memory, the rare units it cannot fold from their states recounted. */
  private static Future<BatchFold> foldRead(
      SqlConnection conn,
      Inbox.Batch batch,
      InboxCount.Claim claim,
      KnownFacts facts,
      ExcludedEvents excluded) {
    boolean complete = claim.statesComplete();
    Set<Long> seqs = new HashSet<>();
    batch.events().forEach(e -> seqs.add(e.seq()));
    UnaryOperator<Map<String, List<Inbox.LoadedEvent>>> retained =
        claim.droppedBefore() == null
            ? null
            : byUnit ->
                RetainedHistory.recountable(
                    byUnit, batch.states(), complete, facts, perUnit(batch.events()), excluded);
    return facts
        .load(conn, experimentsOf(batch.events(), batch.states().values()))
        .map(v -> BatchFold.fromStates(batch.events(), batch.states(), complete, facts))
        .compose(fold -> recount(conn, fold, seqs, facts, retained));
  }

  /**
   * Run in this order on the connection: first the rows only this partition's fold writes, then
   * those other partitions' folds also update (the inbox count's slot, metric_days and rollups,
   * each in key order), so concurrent folds lock shared rows in one global order (no deadlock) and
   * hold them only until the commit that follows.
   */
  private static Future<?> write(
      SqlConnection conn,
      Inbox.Batch batch,
      BatchFold fold,
      KnownFacts facts,
      ExcludedEvents excluded) {
    return Future.all(
        UnitWrites.saveExposures(conn, "exposures", fold.exposures()),
        UnitWrites.saveStates(conn, "rollup_unit_state", fold.states()),
        Inbox.remove(conn, batch.rows()),
        MetricDays.add(conn, MetricDays.count(batch.events())),
        RollupStore.addToRollups(conn, "rollups", excluded.count(fold.deltas(), facts)));
  }

  /**
   * The rare units the states cannot fold: from their raw events, as the rebuild does.
   *
   * @param retained once the retention has dropped events, which units' retained events may be
   *     recounted ({@link RetainedHistory}); null before
   */
  private static Future<BatchFold> recount(
      SqlConnection conn,
      BatchFold fold,
      Set<Long> seqs,
      KnownFacts facts,
      UnaryOperator<Map<String, List<Inbox.LoadedEvent>>> retained) {
    if (fold.recount().isEmpty()) {
      return Future.succeededFuture(fold);
    }
    return Inbox.unitEvents(conn, fold.recount())
        .compose(
            events ->
                facts
                    .load(conn, experimentsOf(events))
                    .map(
                        v -> {
                          fold.addRecount(
                              seqs, retained == null ? events : retained.apply(events), facts);
                          return fold;
                        }));
  }

  private static Map<String, Integer> perUnit(List<StoredEvent> batch) {
    Map<String, Integer> counts = new HashMap<>();
    batch.forEach(e -> counts.merge(e.event().unitId(), 1, Integer::sum));
    return counts;
  }

  private static Set<String> experimentsOf(List<StoredEvent> batch, Collection<UnitState> states) {
    Set<String> experiments = new HashSet<>();
    batch.stream()
        .filter(e -> e.event().isExposure())
        .forEach(e -> experiments.add(e.event().experiment()));
    states.forEach(s -> experiments.addAll(s.standings.keySet()));
    return experiments;
  }

  static Set<String> experimentsOf(Map<String, List<Inbox.LoadedEvent>> events) {
    Set<String> experiments = new HashSet<>();
    events
        .values()
        .forEach(
            list ->
                list.forEach(
                    e -> {
                      if (e.stored().event().isExposure()) {
                        experiments.add(e.stored().event().experiment());
                      }
                    }));
    return experiments;
  }
}
