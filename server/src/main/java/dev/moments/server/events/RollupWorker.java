package dev.moments.server.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds committed events into the rollups, a batch at a time, each batch in one transaction together with the
 * removal of its inbox rows, so an event is counted exactly once even if the server dies mid-way. An advisory
 * lock lets only one worker (of any number of servers on the database) fold at a time.
 */
public final class RollupWorker {
  private static final Logger LOG = LoggerFactory.getLogger(RollupWorker.class);
  static final int BATCH_EVENTS = 20_000;
  static final long TICK_MS = 50;
  static final long RETRY_MS = 1000;

  private final Vertx vertx;
  private final Pool pool;
  private volatile boolean stopped;
  private long timer;
  private Future<Integer> current = Future.succeededFuture(0);

  private RollupWorker(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** Starts folding every ~50 ms, and back to back while the inbox is full. One per server is enough. */
  public static RollupWorker start(Vertx vertx, Pool pool) {
    RollupWorker worker = new RollupWorker(vertx, pool);
    worker.schedule(0);
    return worker;
  }

  /** Completes once no batch is in flight; nothing is folded after that. */
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return current.otherwiseEmpty().mapEmpty();
  }

  private void schedule(long delayMs) {
    if (stopped) {
      return;
    }
    timer = vertx.setTimer(Math.max(1, delayMs), id -> {
      if (stopped) {
        return;
      }
      current = runOnce(pool, BATCH_EVENTS);
      current.onComplete(ar -> {
        if (ar.failed()) {
          LOG.warn("folding events into rollups failed, retrying: {}", ar.cause().toString());
          schedule(RETRY_MS);
        } else {
          schedule(ar.result() >= BATCH_EVENTS ? 0 : TICK_MS);
        }
      });
    });
  }

  /** Folds at most {@code limit} inbox events; 0 when the inbox is empty or another worker holds the lock. */
  static Future<Integer> runOnce(Pool pool, int limit) {
    return pool.withTransaction(conn -> conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute()
        .compose(v -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1), (SELECT complete FROM rollup_state_status)")
            .execute(Tuple.of(RollupStore.LOCK_KEY)))
        .compose(rows -> {
          Row r = rows.iterator().next();
          return r.getBoolean(0) ? fold(conn, limit, Boolean.TRUE.equals(r.getBoolean(1))) : Future.succeededFuture(0);
        }));
  }

  /** @param complete whether every unit with folded events has a stored state (see V3__rollup_unit_state.sql) */
  private static Future<Integer> fold(SqlConnection conn, int limit, boolean complete) {
    return UnitStateStore.inboxBatch(conn, limit).compose(batch -> {
      if (batch.events().isEmpty()) {
        return Future.succeededFuture(0);
      }
      Set<Long> seqs = new HashSet<>();
      batch.events().forEach(e -> seqs.add(e.seq()));
      Map<String, List<String>> funnels = new HashMap<>();
      return loadFunnels(conn, funnels, experimentsOf(batch.events(), batch.states().values()))
          .map(v -> BatchFold.fromStates(batch.events(), batch.states(), complete, funnels::get))
          .compose(fold -> recount(conn, fold, seqs, funnels))
          .compose(fold -> Future.all(RollupStore.addToRollups(conn, "rollups", fold.deltas()),
              RollupStore.saveExposures(conn, "exposures", fold.exposures()),
              UnitStateStore.save(conn, "rollup_unit_state", fold.states()),
              RollupStore.removeFromInbox(conn, seqs)))
          .map(v -> batch.events().size());
    });
  }

  /** The rare units the states cannot fold: from their raw events, as the rebuild does. */
  private static Future<BatchFold> recount(SqlConnection conn, BatchFold fold, Set<Long> seqs,
                                           Map<String, List<String>> funnels) {
    if (fold.recount().isEmpty()) {
      return Future.succeededFuture(fold);
    }
    return RollupStore.unitEvents(conn, fold.recount())
        .compose(events -> loadFunnels(conn, funnels, experimentsOf(events)).map(v -> {
          fold.addRecount(seqs, events, funnels::get);
          return fold;
        }));
  }

  /** Adds the funnels of the experiments not in {@code known} yet; unknown experiments get none. */
  static Future<Void> loadFunnels(SqlClient sql, Map<String, List<String>> known, Set<String> experiments) {
    List<String> missing = experiments.stream().filter(e -> !known.containsKey(e)).toList();
    if (missing.isEmpty()) {
      return Future.succeededFuture();
    }
    return RollupStore.funnels(sql, missing).map(found -> {
      missing.forEach(e -> known.put(e, found.getOrDefault(e, List.of())));
      return null;
    });
  }

  private static Set<String> experimentsOf(List<StoredEvent> batch, Collection<UnitState> states) {
    Set<String> experiments = new HashSet<>();
    batch.stream().filter(e -> e.event().isExposure()).forEach(e -> experiments.add(e.event().experiment()));
    states.forEach(s -> experiments.addAll(s.standings.keySet()));
    return experiments;
  }

  static Set<String> experimentsOf(Map<String, List<RollupStore.LoadedEvent>> events) {
    Set<String> experiments = new HashSet<>();
    events.values().forEach(list -> list.forEach(e -> {
      if (e.stored().event().isExposure()) {
        experiments.add(e.stored().event().experiment());
      }
    }));
    return experiments;
  }
}
