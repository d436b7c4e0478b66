package dev.moments.server.bench;

import dev.moments.server.db.DatabaseTarget;
import java.io.StringReader;
import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The ceiling for EventLoad: what the server must store durably for the same rows, with PostgreSQL
 * COPY into the same tables and indexes, one transaction per {@code chunk} rows: the events (one
 * COPY) and their ids in {@code event_ids} (a second COPY). Since V27 {@code event_ids} is the
 * dedupe key the server's write inserts every id into (before V27 it was the unique index on {@code
 * events.id}, which this COPY then maintained too); a ceiling writing the events alone would
 * compare the server's two tables with COPY's one. No HTTP, no JSON, no duplicates check beyond the
 * indexes, no inbox rows (the fold's queue, which the ceiling never wrote, before V27 either).
 *
 * <pre>
 * java -cp server/target/moments-server.jar:server/target/test-classes dev.moments.server.bench.CopyCeiling \
 *   events=1000000 chunk=100000 [db=postgresql://postgres@localhost:5432/postgres]
 * </pre>
 */
public final class CopyCeiling {
  private CopyCeiling() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Args.parse(args);
    long events = Long.parseLong(opts.getOrDefault("events", "1000000"));
    int chunk = Integer.parseInt(opts.getOrDefault("chunk", "100000"));
    int units = Integer.parseInt(opts.getOrDefault("units", "200000"));
    try (BenchDatabase pg = BenchDatabase.open(opts)) {
      DatabaseTarget target = pg.fresh("bench_copy");
      long start = System.nanoTime();
      copy(target, new BenchEvents(units, "copy"), 0, events, chunk, false);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "COPY stored %d events in %.2f s: %.0f events/s%n", events, seconds, events / seconds);
    }
  }

  /**
   * Loads events [from, to) with COPY; with {@code inbox} their seqs also go to the rollup inbox.
   */
  static void copy(
      DatabaseTarget target, BenchEvents gen, long from, long to, int chunk, boolean inbox)
      throws Exception {
    copy(target, gen, from, to, to, chunk, inbox);
  }

  /**
   * As above, with timestamps spread as if {@code total} events were loaded, so that parts loaded
   * apart line up.
   */
  static void copy(
      DatabaseTarget target,
      BenchEvents gen,
      long from,
      long to,
      long total,
      int chunk,
      boolean inbox)
      throws Exception {
    // spread over the last 14 days, as two weeks of a running experiment
    long span = java.time.Duration.ofDays(14).toMillis();
    Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).minusMillis(span);
    try (Connection c = BenchDatabase.connect(target)) {
      long loaded;
      try (var rs = c.createStatement().executeQuery("SELECT coalesce(max(seq), 0) FROM events")) {
        rs.next();
        loaded = rs.getLong(1);
      }
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      c.setAutoCommit(false);
      for (long first = from; first < to; first += chunk) {
        StringBuilder rows = new StringBuilder(chunk * 120);
        StringBuilder ids = new StringBuilder(chunk * 16);
        for (long i = first; i < Math.min(to, first + chunk); i++) {
          gen.appendCopyRow(rows, i, start.plusMillis((long) ((double) span * i / total)));
          ids.append(gen.id(i)).append('\n');
        }
        // one transaction, as the server's write: both tables get the same received_at (now())
        copy.copyIn(
            "COPY events (id, type, unit_id, experiment, variant, metric, value, ts, attributes) FROM STDIN",
            new StringReader(rows.toString()));
        copy.copyIn("COPY event_ids (id) FROM STDIN", new StringReader(ids.toString()));
        c.commit();
      }
      c.setAutoCommit(true);
      if (inbox) {
        // only this call's events: the worker takes events outside the inbox as folded already
        c.createStatement()
            .execute(
                "INSERT INTO event_inbox (part, seq, received_at)"
                    + " SELECT fold_partition(unit_id), seq, received_at FROM events WHERE seq > "
                    + loaded);
      }
    }
  }
}
