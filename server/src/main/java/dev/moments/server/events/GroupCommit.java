package dev.moments.server.events;

import dev.moments.server.domain.UnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One group of an {@link EventWriter}: its events stored by a single statement (which also feeds
 * the rollup inbox), each request settled with what of it was new once that statement committed.
 */
final class GroupCommit {
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

  private final Pool pool;
  private final Counter exposuresViaAssign;
  private final Counter exposuresViaEvents;
  private final Counter statements;
  private final Counter statementEvents;

  /**
   * @param meters where {@code moments_exposures_logged_total} counts the exposures stored, and the
   *     writer's statements and the events they carried are counted
   */
  GroupCommit(Pool pool, MeterRegistry meters) {
    this.pool = pool;
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

  /**
   * Stores the group and settles every member; completes (never fails) once each member's promise
   * is completed or failed.
   *
   * @param events the number of events the members carry
   */
  Future<Void> commit(List<PendingAppend> group, int events) {
    statements.increment();
    statementEvents.increment(events);
    return insert(group).recover(failure -> retryOneByOne(group, failure));
  }

  /** One statement for the whole group; settles every member when it succeeds. */
  private Future<Void> insert(List<PendingAppend> group) {
    // Sorted, so that concurrent groups sharing ids take the unique-index locks in one order: no
    // deadlock.
    Map<String, Event> unique = new TreeMap<>();
    for (PendingAppend p : group) {
      for (Event e : p.events()) {
        unique.putIfAbsent(e.id(), e);
      }
    }
    return pool.preparedQuery(INSERT)
        .execute(EventColumns.of(unique.values()))
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
  private Future<Void> retryOneByOne(List<PendingAppend> group, Throwable failure) {
    UnavailableException unavailable = WriteFailures.asUnavailable(failure);
    if (unavailable != null) {
      group.forEach(p -> p.promise().fail(unavailable));
      return Future.succeededFuture();
    }
    if (group.size() == 1) {
      group.get(0).promise().fail(WriteFailures.asRefused(failure));
      return Future.succeededFuture();
    }
    Future<Void> chain = Future.succeededFuture();
    for (PendingAppend p : group) {
      chain =
          chain.compose(
              v ->
                  insert(List.of(p))
                      .recover(
                          alone -> {
                            UnavailableException away = WriteFailures.asUnavailable(alone);
                            p.promise().fail(away != null ? away : WriteFailures.asRefused(alone));
                            return Future.succeededFuture();
                          }));
    }
    return chain;
  }

  /**
   * Each new id is credited to the first request of the group that carried it; the rest are
   * duplicates.
   */
  private void settle(List<PendingAppend> group, Set<String> inserted) {
    for (PendingAppend p : group) {
      int accepted = 0;
      for (Event e : p.events()) {
        if (inserted.remove(e.id())) {
          accepted++;
          if (e.isExposure()) {
            (e.id().startsWith(ASSIGN_ID_PREFIX) ? exposuresViaAssign : exposuresViaEvents)
                .increment();
          }
        }
      }
      p.promise().complete(new AppendResult(accepted, p.events().size() - accepted));
    }
  }

  private static Set<String> insertedIds(RowSet<Row> rows) {
    Set<String> ids = new HashSet<>(rows.rowCount() * 2);
    for (Row row : rows) {
      ids.add(row.getString(0));
    }
    return ids;
  }
}
