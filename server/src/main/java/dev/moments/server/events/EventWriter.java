package dev.moments.server.events;

import dev.moments.server.domain.UnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

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

  private final Vertx vertx;
  private final Context context;
  private final GroupCommit commits;
  private final int maxQueuedEvents;
  private final long timeoutMs;
  private final ArrayDeque<PendingAppend> queue = new ArrayDeque<>();
  private int queuedEvents;
  private int groupsInFlight;

  /** Events the last statement carried: a smaller queue waits up to {@link #LINGER_MS} for more. */
  private int lastGroupEvents;

  private long lingerTimer = -1;

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
    this.commits = new GroupCommit(pool, meters);
    this.maxQueuedEvents = maxQueuedEvents;
    this.timeoutMs = timeout.toMillis();
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
    PendingAppend pending = new PendingAppend(List.copyOf(events), promise, answer);
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

  private void enqueue(PendingAppend pending) {
    if (queuedEvents + pending.events().size() > maxQueuedEvents) {
      pending
          .promise()
          .fail(
              new UnavailableException("Too many events are waiting to be stored; retry shortly."));
      return;
    }
    queue.add(pending);
    queuedEvents += pending.events().size();
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
    List<PendingAppend> group = new ArrayList<>();
    int size = 0;
    int taken = 0;
    while (!queue.isEmpty()
        && (group.isEmpty() || size + queue.peek().events().size() <= MAX_GROUP_EVENTS)) {
      PendingAppend p = queue.poll();
      taken += p.events().size();
      if (!p.abandoned()) {
        group.add(p);
        size += p.events().size();
      }
    }
    queuedEvents -= taken;
    if (group.isEmpty()) {
      return;
    }
    lastGroupEvents = size;
    groupsInFlight++;
    commits
        .commit(group, size)
        .onComplete(
            v -> {
              groupsInFlight--;
              if (!queue.isEmpty() && groupsInFlight < MAX_GROUPS_IN_FLIGHT) {
                flushOrLinger();
              }
            });
  }
}
