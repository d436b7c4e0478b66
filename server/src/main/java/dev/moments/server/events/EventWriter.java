package dev.moments.server.events;

import dev.moments.server.db.DatabaseFailures;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.domain.UnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Group commit: requests that arrive while a write is in flight are stored together by the next
 * single statement, which also feeds the rollup inbox. A request's future completes only after its
 * events are committed; a full queue or an unreachable database fails it as unavailable and stores
 * none of its events. Everything runs on the context the writer was created on, so the queue needs
 * no locks.
 */
public final class EventWriter {
  /** Events per statement; larger groups wait for the next round trip. */
  static final int MAX_GROUP_EVENTS = 5000;

  /**
   * Groups written at once per writer (one writer per HTTP event loop). One: while a group's
   * statement runs, the requests arriving meanwhile gather into the next group, and a larger group
   * is far cheaper per event for the database than several small ones (measured: three in flight
   * wrote 5 events per statement, one writes 55, and /assign went from 18,000 to 22,500 requests/s
   * without fsync). Group size grows with the commit latency, so a slower disk gives larger groups
   * rather than fewer events per second (with fsync on, one, two and three in flight all gave about
   * 17,500 requests/s at 64 connections). Two groups holding the same id (from two writers) are
   * safe: the unique index of {@code event_ids} makes the second wait for the first commit and
   * count the event as a duplicate.
   */
  static final int MAX_GROUPS_IN_FLIGHT = 1;

  /**
   * How long a group may wait for more requests (milliseconds) when fewer events are queued than
   * the last statement carried. Each statement costs PostgreSQL a fixed ~0.5 ms of CPU (its start,
   * the statement trigger, the commit's flush) besides ~35-50 us per event, so under load a group
   * half as large costs each event ~20 us more. After a group completes, its requests' next
   * requests arrive within about a millisecond; without the wait the few already queued went out
   * alone and the groups alternated between small and large. An idle writer never waits (its last
   * group was small), and no request waits more than this once.
   */
  static final long LINGER_MS = 1;

  /** The ids /assign gives the exposures it logs (server/README.md, Reserved ids). */
  static final String ASSIGN_ID_PREFIX = "~assign:";

  /**
   * The ids first: {@code event_ids} is the dedupe key (a table partitioned by time, as {@code
   * events} is, can have no unique index on id alone: V27__event_retention.sql), so only the events
   * whose id was new are stored, each with its inbox row carrying its partition key.
   */
  static final String INSERT =
      """
      WITH fresh AS (
        INSERT INTO event_ids (id) SELECT unnest($1::text[]) ON CONFLICT (id) DO NOTHING RETURNING id
      ), stored AS (
        INSERT INTO events (id, type, unit_id, experiment, variant, metric, value, ts, forced, attributes, source,
                            excluded)
        SELECT id, type, unit_id, experiment, variant, metric, value, ts, forced, attributes::jsonb, source, excluded
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[],
                    $8::timestamptz[], $9::bool[], $10::text[], $11::text[], $12::text[])
             AS t(id, type, unit_id, experiment, variant, metric, value, ts, forced, attributes, source, excluded)
        WHERE t.id IN (SELECT id FROM fresh)
        RETURNING seq, id, unit_id, received_at
      ), inbox AS (
        INSERT INTO event_inbox (part, seq, received_at) SELECT fold_partition(unit_id), seq, received_at FROM stored
      )
      SELECT id FROM stored""";

  private final Vertx vertx;
  private final Context context;
  private final Pool pool;
  private final int maxQueuedEvents;
  private final long timeoutMs;
  private final Counter exposuresViaAssign;
  private final Counter exposuresViaEvents;
  private final Counter statements;
  private final Counter statementEvents;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int queuedEvents;
  private int groupsInFlight;

  /** Events the last statement carried: a smaller queue waits up to {@link #LINGER_MS} for more. */
  private int lastGroupEvents;

  private long lingerTimer = -1;

  /**
   * @param answer what the caller waits on: fails on its own when the database takes too long, and
   *     then the request's events are no longer written if they are still queued
   */
  private record Pending(
      List<Event> events, Promise<AppendResult> promise, Future<AppendResult> answer) {
    boolean abandoned() {
      return answer.failed();
    }
  }

  public EventWriter(Vertx vertx, Pool pool, int maxQueuedEvents) {
    this(vertx, pool, maxQueuedEvents, Duration.ZERO);
  }

  /**
   * @param timeout how long a request waits for its commit before it fails as unavailable (zero: no
   *     limit); a request still queued then is dropped, one already in a statement may yet be
   *     committed, so its events count once when the client sends them again
   */
  public EventWriter(Vertx vertx, Pool pool, int maxQueuedEvents, Duration timeout) {
    this(vertx, pool, maxQueuedEvents, timeout, new SimpleMeterRegistry());
  }

  /**
   * @param meters where {@code moments_exposures_logged_total} counts the exposures it stored
   */
  public EventWriter(
      Vertx vertx, Pool pool, int maxQueuedEvents, Duration timeout, MeterRegistry meters) {
    if (maxQueuedEvents < EventBatchParser.MAX_EVENTS) {
      throw new IllegalArgumentException(
          "maxQueuedEvents "
              + maxQueuedEvents
              + " must hold at least one request ("
              + EventBatchParser.MAX_EVENTS
              + " events)");
    }
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.pool = pool;
    this.maxQueuedEvents = maxQueuedEvents;
    this.timeoutMs = timeout.toMillis();
    this.exposuresViaAssign = exposuresLogged(meters, "assign");
    this.exposuresViaEvents = exposuresLogged(meters, "events");
    this.statements =
        Counter.builder("moments.writer.statements")
            .description("Statements the event writers sent (each a commit of a group)")
            .register(meters);
    this.statementEvents =
        Counter.builder("moments.writer.statement.events")
            .description(
                "Events the writers' statements carried (per statement: divide by"
                    + " moments_writer_statements_total)")
            .register(meters);
  }

  private static Counter exposuresLogged(MeterRegistry meters, String via) {
    return Counter.builder("moments.exposures.logged")
        .description(
            "Exposures newly stored (not duplicates): via /assign (server-made ids) or /events")
        .tag("via", via)
        .register(meters);
  }

  /** The context the writer's queue lives on (tests place requests into one group with it). */
  Context context() {
    return context;
  }

  /**
   * Stores the events (duplicates by id are counted, not stored) and completes once they are
   * durable.
   */
  public Future<AppendResult> append(List<Event> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture(new AppendResult(0, 0));
    }
    Promise<AppendResult> promise = Promise.promise();
    Future<AppendResult> answer = timeoutMs == 0 ? promise.future() : timed(promise.future());
    Pending pending = new Pending(List.copyOf(events), promise, answer);
    if (Vertx.currentContext() == context) {
      enqueue(pending);
    } else {
      context.runOnContext(v -> enqueue(pending));
    }
    return answer;
  }

  /** Fails on its own after the timeout, on the caller's event loop, if the commit is late. */
  private Future<AppendResult> timed(Future<AppendResult> commit) {
    Promise<AppendResult> answer = Promise.promise();
    long timer =
        vertx.setTimer(
            timeoutMs,
            id ->
                answer.tryFail(
                    new UnavailableException(
                        "The events could not be stored in time. Retry shortly: an event sent"
                            + " again with its id is never counted twice.")));
    commit.onComplete(
        ar -> {
          vertx.cancelTimer(timer);
          if (ar.succeeded()) {
            answer.tryComplete(ar.result());
          } else {
            answer.tryFail(ar.cause());
          }
        });
    return answer.future();
  }

  private void enqueue(Pending pending) {
    if (queuedEvents + pending.events.size() > maxQueuedEvents) {
      pending.promise.fail(
          new UnavailableException("Too many events are waiting to be stored; retry shortly."));
      return;
    }
    queue.add(pending);
    queuedEvents += pending.events.size();
    if (groupsInFlight < MAX_GROUPS_IN_FLIGHT) {
      flushOrLinger();
    }
  }

  /**
   * Sends the queue now if it holds as many events as the last statement (or a full group), else
   * once {@link #LINGER_MS} has passed since this wait began.
   */
  private void flushOrLinger() {
    if (queuedEvents >= Math.min(lastGroupEvents, MAX_GROUP_EVENTS)) {
      if (lingerTimer != -1) {
        vertx.cancelTimer(lingerTimer);
        lingerTimer = -1;
      }
      flush();
    } else if (lingerTimer == -1) {
      lingerTimer =
          vertx.setTimer(
              LINGER_MS,
              id -> {
                lingerTimer = -1;
                if (groupsInFlight < MAX_GROUPS_IN_FLIGHT && !queue.isEmpty()) {
                  flush();
                }
              });
    }
  }

  private void flush() {
    List<Pending> group = new ArrayList<>();
    int size = 0;
    int taken = 0;
    while (!queue.isEmpty()
        && (group.isEmpty() || size + queue.peek().events.size() <= MAX_GROUP_EVENTS)) {
      Pending p = queue.poll();
      taken += p.events.size();
      if (!p.abandoned()) {
        group.add(p);
        size += p.events.size();
      }
    }
    queuedEvents -= taken;
    if (group.isEmpty()) {
      return;
    }
    lastGroupEvents = size;
    statements.increment();
    statementEvents.increment(size);
    groupsInFlight++;
    insert(group)
        .recover(failure -> retryOneByOne(group, failure))
        .onComplete(
            v -> {
              groupsInFlight--;
              if (!queue.isEmpty() && groupsInFlight < MAX_GROUPS_IN_FLIGHT) {
                flushOrLinger();
              }
            });
  }

  /** One statement for the whole group; settles every member when it succeeds. */
  private Future<Void> insert(List<Pending> group) {
    // Sorted, so that concurrent groups sharing ids take the unique-index locks in one order: no
    // deadlock.
    Map<String, Event> unique = new TreeMap<>();
    for (Pending p : group) {
      for (Event e : p.events) {
        unique.putIfAbsent(e.id(), e);
      }
    }
    return pool.preparedQuery(INSERT)
        .execute(columns(unique.values()))
        .map(
            rows -> {
              settle(group, insertedIds(rows));
              return null;
            });
  }

  /**
   * A failed group: an unreachable database fails every member; any other failure may be one
   * member's own (a value the database refuses), so each member is tried alone and only the one at
   * fault fails.
   */
  private Future<Void> retryOneByOne(List<Pending> group, Throwable failure) {
    UnavailableException unavailable = asUnavailable(failure);
    if (unavailable != null) {
      group.forEach(p -> p.promise.fail(unavailable));
      return Future.succeededFuture();
    }
    if (group.size() == 1) {
      group.get(0).promise.fail(asRefused(failure));
      return Future.succeededFuture();
    }
    Future<Void> chain = Future.succeededFuture();
    for (Pending p : group) {
      chain =
          chain.compose(
              v ->
                  insert(List.of(p))
                      .recover(
                          alone -> {
                            UnavailableException away = asUnavailable(alone);
                            p.promise.fail(away != null ? away : asRefused(alone));
                            return Future.succeededFuture();
                          }));
    }
    return chain;
  }

  /**
   * Each new id is credited to the first request of the group that carried it; the rest are
   * duplicates.
   */
  private void settle(List<Pending> group, Set<String> inserted) {
    for (Pending p : group) {
      int accepted = 0;
      for (Event e : p.events) {
        if (inserted.remove(e.id())) {
          accepted++;
          if (e.isExposure()) {
            (e.id().startsWith(ASSIGN_ID_PREFIX) ? exposuresViaAssign : exposuresViaEvents)
                .increment();
          }
        }
      }
      p.promise.complete(new AppendResult(accepted, p.events.size() - accepted));
    }
  }

  private static Set<String> insertedIds(RowSet<Row> rows) {
    Set<String> ids = new HashSet<>(rows.rowCount() * 2);
    for (Row row : rows) {
      ids.add(row.getString(0));
    }
    return ids;
  }

  static Tuple columns(java.util.Collection<Event> events) {
    int n = events.size();
    String[] id = new String[n],
        type = new String[n],
        unit = new String[n],
        experiment = new String[n];
    String[] variant = new String[n], metric = new String[n], attributes = new String[n];
    Double[] value = new Double[n];
    OffsetDateTime[] ts = new OffsetDateTime[n];
    Boolean[] forced = new Boolean[n];
    String[] source = new String[n], excluded = new String[n];
    int i = 0;
    for (Event e : events) {
      id[i] = e.id();
      type[i] = e.type().wire();
      unit[i] = e.unitId();
      experiment[i] = e.experiment();
      variant[i] = e.variant();
      metric[i] = e.metric();
      value[i] = e.isExposure() ? null : e.value();
      ts[i] = OffsetDateTime.ofInstant(e.timestamp(), ZoneOffset.UTC);
      forced[i] = e.forced();
      JsonObject a = e.attributes();
      attributes[i] = a == null ? null : AttributesJson.encode(a);
      source[i] = e.source();
      excluded[i] = e.excluded() == null ? null : e.excluded().wire();
      i++;
    }
    return Tuple.of(id, type, unit, experiment, variant, metric, value, ts, forced, attributes)
        .addValue(source)
        .addValue(excluded);
  }

  /**
   * A statement the database refused for the data in it (SQLSTATE class 22, e.g. a NUL character in
   * text) is the request's fault: 400, not 500. The edge's text rule keeps such values out; this is
   * the backstop.
   */
  static Throwable asRefused(Throwable failure) {
    if (failure instanceof PgException pg
        && pg.getSqlState() != null
        && pg.getSqlState().startsWith("22")) {
      return new InvalidException(
          "invalid_text",
          "The database refused a value of these events: " + pg.getErrorMessage(),
          null);
    }
    return failure;
  }

  /**
   * An away database, or one refusing connections (e.g. not accepting connections, too many
   * clients).
   */
  static UnavailableException asUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UnavailableException unavailable) {
        return unavailable;
      }
    }
    if (DatabaseFailures.isUnavailable(failure)) {
      return new UnavailableException(
          "The events could not be stored now; nothing of this request was kept. Retry shortly.");
    }
    return null;
  }
}
