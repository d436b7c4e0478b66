package dev.moments.server.http;

import dev.moments.server.auth.Caller;
import dev.moments.server.domain.DomainException;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.events.EventBatchParser;
import dev.moments.server.events.EventBatchParser.ParsedBatch;
import dev.moments.server.events.EventWriter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.OptionalLong;

/**
 * {@code POST /api/v1/events}. The body is parsed here from the raw bytes whatever its content
 * type, so that {@code navigator.sendBeacon}'s text/plain body works the same as application/json.
 * Answers 202 only after the accepted events are committed.
 */
public final class EventsHandler {
  private final EventWriter writer;
  private final Clock clock;
  private final RateLimits limits;

  EventsHandler(EventWriter writer, Clock clock, RateLimits limits) {
    this.writer = writer;
    this.clock = clock;
    this.limits = limits;
  }

  public void post(RoutingContext ctx) {
    ParsedBatch batch;
    Caller caller;
    try {
      caller = AuthHandler.caller(ctx);
      batch = new EventBatchParser(clock.instant(), caller.isAdmin()).parse(ctx.body().buffer());
    } catch (ApiException | DomainException e) {
      ctx.fail(e);
      return;
    }
    OptionalLong wait = limits.events(caller, batch.events().size() + batch.rejected().size());
    if (wait.isPresent()) {
      ctx.fail(RateLimits.exceeded("events", wait.getAsLong()));
      return;
    }
    writer
        .append(batch.events())
        .onSuccess(
            result ->
                ctx.response()
                    .setStatusCode(202)
                    .putHeader("Content-Type", "application/json")
                    .end(
                        new JsonObject()
                            .put("accepted", result.accepted())
                            .put("duplicates", result.duplicates())
                            .put("rejected", rejected(batch))
                            .toBuffer()))
        .onFailure(ctx::fail);
  }

  private static JsonArray rejected(ParsedBatch batch) {
    JsonArray rejected = new JsonArray();
    for (EventBatchParser.Rejected r : batch.rejected()) {
      InvalidException e = r.error();
      rejected.add(
          new JsonObject()
              .put("index", r.index())
              .put("error", ErrorBodies.error(e.code(), e.getMessage(), e.field())));
    }
    return rejected;
  }
}
