package dev.moments.server.events;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;

/**
 * One request's events waiting in an {@link EventWriter}'s queue or in its group's statement.
 *
 * @param answer what the caller waits on: fails on its own when the database takes too long, and
 *     then the request's events are no longer written if they are still queued
 */
record PendingAppend(
    List<Event> events, Promise<AppendResult> promise, Future<AppendResult> answer) {
  boolean abandoned() {
    return answer.failed();
  }
}
