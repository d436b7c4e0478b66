package dev.moments.server.http;

import dev.moments.server.auth.Caller;
import dev.moments.server.auth.Caller.KeyKind;
import dev.moments.server.domain.DomainException;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.events.Admission;
import dev.moments.server.events.Event;
import dev.moments.server.events.EventBatchParser;
import dev.moments.server.events.EventBatchParser.ParsedBatch;
import dev.moments.server.events.EventWriter;
import dev.moments.server.experiment.TargetingAttributes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code POST /api/v1/events}. The body is parsed here from the raw bytes whatever its content
 * type, so that {@code navigator.sendBeacon}'s text/plain body works the same as application/json.
 * Answers 202 only after the accepted events are committed.
 */
public final class EventsHandler {
  private final EventWriter writer;
  private final Admission admission;
  private final Clock clock;
  private final RateLimits limits;
  private final TargetingAttributes seenAttributes;
  private final TrafficMeters meters;

  EventsHandler(
      EventWriter writer,
      Admission admission,
      Clock clock,
      RateLimits limits,
      TargetingAttributes seenAttributes,
      TrafficMeters meters) {
    this.meters = meters;
    this.writer = writer;
    this.admission = admission;
    this.clock = clock;
    this.limits = limits;
    this.seenAttributes = seenAttributes;
  }

  public void post(RoutingContext ctx) {
    ParsedBatch batch;
    List<Event> admitted;
    Instant now = clock.instant();
    Caller caller;
    try {
      caller = AuthHandler.caller(ctx);
      KeyKind key = caller.kind();
      batch =
          new EventBatchParser(now, caller.isAdmin(), key == KeyKind.CLIENT)
              .parse(ctx.body().buffer());
      admitted = admission.admit(batch.events(), key, ctx.request().getHeader("User-Agent"), now);
      for (Event event : batch.events()) {
        if (event.attributes() != null) {
          seenAttributes.record(event.attributes().fieldNames(), now);
        }
      }
    } catch (ApiException | DomainException e) {
      ctx.fail(e);
      return;
    }
    OptionalLong wait =
        limits.events(
            caller,
            batch.events().size() + batch.rejected().size(),
            RateLimits.client(ctx.request()));
    if (wait.isPresent()) {
      ctx.fail(RateLimits.exceeded("events", wait.getAsLong()));
      return;
    }
    writer
        .append(admitted)
        .onSuccess(
            result -> {
              meters.events(result.accepted(), result.duplicates());
              batch.rejected().forEach(r -> meters.rejected(r.error().code()));
              ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json");
              Gzip.end(
                  ctx.request(),
                  new JsonObject()
                      .put("accepted", result.accepted())
                      .put("duplicates", result.duplicates())
                      .put("rejected", rejected(batch))
                      .toBuffer());
            })
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
