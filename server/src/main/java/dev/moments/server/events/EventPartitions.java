package dev.moments.server.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention round (server/README.md, "Event retention"): creates the days of {@code events}
 * ahead, and with a retention drops the days received before the cutoff whole, deletes the default
 * partition's rows past it and forgets the ids past the dedupe window. Every server runs it; a
 * session advisory lock makes one server at a time do the work, and each step is its own short
 * transaction with a lock timeout, so a drop that would wait for a long query gives up (and the
 * next round tries again) instead of holding up the inserts queued behind it. A day the fold still
 * has events of is never dropped.
 */
public final class EventPartitions {
  private static final Logger LOG = LoggerFactory.getLogger(EventPartitions.class);

  /**
   * How long an id stays deduplicated at least: the parser refuses client timestamps more than 7
   * days old ({@link EventBatchParser#MAX_AGE}), so a client resend comes within 7 days of the
   * event (SDKs retry for minutes); one day more for clock skew and late retries.
   */
  public static final Duration RESEND_WINDOW = EventBatchParser.MAX_AGE.plus(Duration.ofDays(1));

  /** Days created ahead of today, so the default partition normally stays empty. */
  static final int DAYS_AHEAD = 3;

  /** The advisory lock of the retention round ("momRetn"). */
  public static final long LOCK_KEY = 0x6d6f6d5265746eL;

  /** How long a drop waits for the table's lock before it gives up until the next round. */
  static final String LOCK_TIMEOUT = "1s";

  private final Pool pool;
  private final Clock clock;
  private final OptionalInt retentionDays;
  private final Counter created;
  private final Counter dropped;
  private final Counter defaultRowsDeleted;
  private final Counter idsForgotten;

  /** What one round did; {@code ran} false when another server held the lock. */
  public record Round(
      boolean ran, int created, List<String> dropped, long defaultRowsDeleted, long idsForgotten) {
    static final Round SKIPPED = new Round(false, 0, List.of(), 0, 0);
  }

  /**
   * @param retentionDays days of raw events kept (empty: all)
   * @param clock decides today and the cutoff (the database's own clock stamps received_at)
   */
  public EventPartitions(Pool pool, Clock clock, OptionalInt retentionDays, MeterRegistry meters) {
    this.pool = pool;
    this.clock = clock;
    this.retentionDays = retentionDays;
    this.created = counter(meters, "created", "Daily partitions of events created ahead");
    this.dropped =
        counter(meters, "dropped", "Daily partitions of events dropped by the retention");
    this.defaultRowsDeleted =
        Counter.builder("moments.events.expired.default")
            .description("Events the retention deleted from the default partition")
            .register(meters);
    this.idsForgotten =
        Counter.builder("moments.event.ids.expired")
            .description("Event ids forgotten after the dedupe window and the retention")
            .register(meters);
  }

  private static Counter counter(MeterRegistry meters, String what, String description) {
    return Counter.builder("moments.event.partitions." + what)
        .description(description)
        .register(meters);
  }

  /** One round; its future completes when it is over. */
  public Future<Round> round() {
    return pool.withConnection(
        conn ->
            conn.preparedQuery("SELECT pg_try_advisory_lock($1)")
                .execute(Tuple.of(LOCK_KEY))
                .compose(
                    rows ->
                        !rows.iterator().next().getBoolean(0)
                            ? Future.succeededFuture(Round.SKIPPED)
                            : work(conn)
                                .eventually(
                                    () ->
                                        conn.preparedQuery("SELECT pg_advisory_unlock($1)")
                                            .execute(Tuple.of(LOCK_KEY)))));
  }

  private Future<Round> work(SqlConnection conn) {
    Instant now = clock.instant();
    LocalDate through = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(DAYS_AHEAD);
    Future<Integer> made =
        step(
            conn,
            c ->
                c.preparedQuery("SELECT event_partitions_ensure($1)")
                    .execute(Tuple.of(through))
                    .map(rows -> rows.iterator().next().getInteger(0)));
    if (retentionDays.isEmpty()) {
      return made.map(n -> logged(new Round(true, n, List.of(), 0, 0)));
    }
    Instant cutoff = now.minus(Duration.ofDays(retentionDays.getAsInt()));
    Instant idsCutoff = earlier(cutoff, now.minus(RESEND_WINDOW));
    return made.compose(
        n ->
            expiredDays(conn, cutoff)
                .compose(days -> dropEach(conn, days))
                .compose(
                    gone ->
                        step(conn, c -> deleteFromDefault(c, cutoff))
                            .compose(
                                fromDefault ->
                                    step(conn, c -> forgetIds(c, idsCutoff))
                                        .map(
                                            ids ->
                                                logged(
                                                    new Round(true, n, gone, fromDefault, ids))))));
  }

  /** The range partitions wholly before the cutoff and before every event the fold still needs. */
  private static Future<List<String[]>> expiredDays(SqlConnection conn, Instant cutoff) {
    return conn.preparedQuery(
            """
            SELECT name, upper_bound FROM event_partition_bounds()
            WHERE upper_bound <= $1
              AND upper_bound <= coalesce((SELECT min(received_at) FROM event_inbox), 'infinity')
            ORDER BY upper_bound""")
        .execute(Tuple.of(utc(cutoff)))
        .map(
            rows -> {
              List<String[]> days = new ArrayList<>();
              for (Row r : rows) {
                days.add(new String[] {r.getString(0), r.getOffsetDateTime(1).toString()});
              }
              return days;
            });
  }

  private Future<List<String>> dropEach(SqlConnection conn, List<String[]> days) {
    Future<List<String>> chain = Future.succeededFuture(new ArrayList<>());
    for (String[] day : days) {
      chain =
          chain.compose(
              gone ->
                  step(conn, c -> drop(c, day[0], OffsetDateTime.parse(day[1])))
                      .map(
                          v -> {
                            gone.add(day[0]);
                            return gone;
                          }));
    }
    return chain;
  }

  /**
   * Drops one day and moves the mark of what was dropped, in one transaction; checks again under
   * the table's lock that the fold has no event of that day left.
   */
  private Future<Void> drop(SqlConnection c, String name, OffsetDateTime upper) {
    return c.query("DROP TABLE " + quoted(name))
        .execute()
        .compose(
            v ->
                c.preparedQuery(
                        """
                        SELECT NOT EXISTS (SELECT 1 FROM event_inbox WHERE received_at < $1)""")
                    .execute(Tuple.of(upper)))
        .compose(
            rows ->
                rows.iterator().next().getBoolean(0)
                    ? markDropped(c, upper)
                    : Future.failedFuture(
                        new IllegalStateException(
                            name + " still has events to fold; it is dropped in a later round")))
        .onSuccess(
            v -> {
              dropped.increment();
              LOG.info("Event retention: dropped {} (events received before {})", name, upper);
            });
  }

  /** Rows the default partition took for days no partition was created for, past the cutoff. */
  private Future<Long> deleteFromDefault(SqlConnection c, Instant cutoff) {
    return c.preparedQuery(
            """
            WITH bound AS (
              SELECT least($1::timestamptz, (SELECT min(received_at) FROM event_inbox)) AS before
            ), gone AS (
              DELETE FROM events_default WHERE received_at < (SELECT before FROM bound) RETURNING 1
            )
            SELECT (SELECT count(*) FROM gone), (SELECT before FROM bound)""")
        .execute(Tuple.of(utc(cutoff)))
        .compose(
            rows -> {
              Row r = rows.iterator().next();
              long n = r.getLong(0);
              if (n == 0) {
                return Future.succeededFuture(0L);
              }
              defaultRowsDeleted.increment(n);
              return markDropped(c, r.getOffsetDateTime(1)).map(n);
            });
  }

  private Future<Long> forgetIds(SqlConnection c, Instant before) {
    return c.preparedQuery("DELETE FROM event_ids WHERE received_at < $1")
        .execute(Tuple.of(utc(before)))
        .map(
            rows -> {
              idsForgotten.increment(rows.rowCount());
              return (long) rows.rowCount();
            });
  }

  private static Future<Void> markDropped(SqlConnection c, OffsetDateTime before) {
    return c.preparedQuery(
            """
            UPDATE event_retention_status
            SET dropped_before = greatest(coalesce(dropped_before, '-infinity'), $1)""")
        .execute(Tuple.of(before))
        .mapEmpty();
  }

  /** One step in its own transaction, with the lock timeout. */
  private static <T> Future<T> step(SqlConnection conn, Function<SqlConnection, Future<T>> work) {
    return conn.begin()
        .compose(
            tx ->
                conn.query("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'")
                    .execute()
                    .compose(v -> work.apply(conn))
                    .compose(
                        result -> tx.commit().map(result),
                        failure -> tx.rollback().transform(v -> Future.failedFuture(failure))));
  }

  private Round logged(Round round) {
    if (round.created() > 0) {
      created.increment(round.created());
      LOG.info("Event retention: created {} daily partitions ahead", round.created());
    }
    if (round.idsForgotten() > 0) {
      LOG.info("Event retention: forgot {} event ids", round.idsForgotten());
    }
    return round;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static String quoted(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
