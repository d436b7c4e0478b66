package dev.moments.server.rollup;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the worker does after a batch the database refused for its data ({@link
 * FoldRefusals#aboutTheData}), instead of retrying it for ever: folds the batch's partitions one at
 * a time, bisecting each partition's share of the batch (the same fold transaction with smaller
 * limits, so each event that folds is folded exactly once, in the order it would have been) down to
 * the single oldest event it cannot fold, and takes that one out ({@link FoldRefusals#refuse}).
 * Each refused event costs about two transactions per halving (2 log2 of the partition's share),
 * and only here: the fold's path is unchanged while nothing fails.
 */
final class FoldIsolation {
  private static final Logger LOG = LoggerFactory.getLogger(FoldIsolation.class);

  private FoldIsolation() {}

  /** What one isolation did: events folded, events refused, fold transactions tried. */
  record Isolated(int folded, int refused, int attempts) {}

  private static final class Tally {
    int folded;
    int refused;
    int attempts;
  }

  /**
   * Isolates the refused events of a batch of about {@code limit} events of {@code partitions}
   * (null for all) and folds the rest. Fails, as the batch would, on any failure that is not about
   * the data (the worker retries later, and isolates again should the batch still be refused).
   */
  static Future<Isolated> run(
      Pool pool, List<Short> partitions, int limit, ExcludedEvents excluded) {
    long began = System.nanoTime();
    Tally tally = new Tally();
    return partitionsOf(pool, partitions)
        .compose(
            parts -> {
              if (parts.isEmpty()) {
                return Future.<Void>succeededFuture();
              }
              int share = Math.max(1, (limit + parts.size() - 1) / parts.size());
              Future<Void> chain = Future.succeededFuture();
              for (short part : parts) {
                chain = chain.compose(v -> partition(pool, part, share, share, tally, excluded));
              }
              return chain;
            })
        .map(
            v -> {
              Isolated done = new Isolated(tally.folded, tally.refused, tally.attempts);
              LOG.warn(
                  "a fold batch was refused for its data: {} event(s) refused, {} folded, in {}"
                      + " transactions, {} ms",
                  done.refused(),
                  done.folded(),
                  done.attempts(),
                  (System.nanoTime() - began) / 1_000_000);
              return done;
            });
  }

  private static Future<List<Short>> partitionsOf(Pool pool, List<Short> partitions) {
    if (partitions != null) {
      return Future.succeededFuture(partitions);
    }
    return pool.query("SELECT generate_series(0, fold_partitions() - 1)::int2")
        .execute()
        .map(
            rows -> {
              List<Short> all = new ArrayList<>();
              for (Row r : rows) {
                all.add(r.getShort(0));
              }
              return all;
            });
  }

  /**
   * Folds the oldest {@code remaining} events of one partition, {@code step} at a time, halving the
   * step at each refusal; done early when the partition has fewer or another folder holds it.
   */
  private static Future<Void> partition(
      Pool pool, short part, int remaining, int step, Tally tally, ExcludedEvents excluded) {
    if (remaining <= 0) {
      return Future.succeededFuture();
    }
    int n = Math.min(step, remaining);
    if (n == 1) {
      return single(pool, part, remaining, tally, excluded);
    }
    tally.attempts++;
    return FoldTransaction.run(pool, List.of(part), n, excluded, new FoldCycle())
        .transform(
            ar -> {
              if (ar.succeeded()) {
                int folded = ar.result().folded();
                tally.folded += folded;
                return folded < n
                    ? Future.succeededFuture()
                    : partition(pool, part, remaining - n, remaining - n, tally, excluded);
              }
              return FoldRefusals.aboutTheData(ar.cause())
                  ? partition(pool, part, remaining, n / 2, tally, excluded)
                  : Future.failedFuture(ar.cause());
            });
  }

  /**
   * The partition's oldest event alone: folded, or refused if the database refuses it even alone.
   */
  private static Future<Void> single(
      Pool pool, short part, int remaining, Tally tally, ExcludedEvents excluded) {
    return FoldRefusals.head(pool, part)
        .compose(
            head -> {
              if (head == null) {
                return Future.succeededFuture();
              }
              tally.attempts++;
              return FoldTransaction.run(pool, List.of(part), 1, excluded, new FoldCycle())
                  .transform(
                      ar -> {
                        if (ar.succeeded()) {
                          tally.folded += ar.result().folded();
                          return ar.result().folded() == 0
                              ? Future.succeededFuture()
                              : partition(
                                  pool, part, remaining - 1, remaining - 1, tally, excluded);
                        }
                        if (!FoldRefusals.aboutTheData(ar.cause())) {
                          return Future.failedFuture(ar.cause());
                        }
                        return refuse(pool, part, head, ar.cause(), remaining, tally, excluded);
                      });
            });
  }

  private static Future<Void> refuse(
      Pool pool,
      short part,
      long head,
      Throwable cause,
      int remaining,
      Tally tally,
      ExcludedEvents excluded) {
    return FoldRefusals.refuse(pool, part, head, cause)
        .compose(
            refused -> {
              if (!refused) {
                // an older event came first, or another folder holds the partition: the next
                // batch finds out
                return Future.succeededFuture();
              }
              tally.refused++;
              excluded.refused();
              LOG.warn(
                  "event seq {} (fold partition {}) refused by the database for its data, kept"
                      + " out of the statistics: {}",
                  head,
                  part,
                  cause.toString());
              return partition(pool, part, remaining - 1, remaining - 1, tally, excluded);
            });
  }
}
