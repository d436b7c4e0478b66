package dev.moments.server.http;

import dev.moments.server.domain.Text;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Holds every request to {@link Text}'s rule before a handler sees it: a NUL character in the URL
 * (a path or query parameter, {@code %00}), or any string or field name of a JSON body with a NUL
 * or an unpaired surrogate, is a 400 {@code invalid_text} naming the field. {@code POST /assign}
 * and {@code POST /events} parse their own bodies and apply the same rule there (their bodies are
 * the hot path, parsed once).
 */
final class TextRule implements Handler<RoutingContext> {
  private static final Set<String> CHECKED_BY_THEIR_HANDLERS =
      Set.of("/api/v1/assign", "/api/v1/events");

  @Override
  public void handle(RoutingContext ctx) {
    // no letter in "%00": the URI as it is, not a lower-case copy of it per request
    if (ctx.request().uri().contains("%00")) {
      ctx.fail(
          ApiException.badRequest(
              Text.CODE, "The URL must not contain a NUL character (%00).", null));
      return;
    }
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null
        || body.length() == 0
        || CHECKED_BY_THEIR_HANDLERS.contains(ctx.normalizedPath())) {
      ctx.next();
      return;
    }
    Object json;
    try {
      json = Json.decodeValue(body);
    } catch (DecodeException e) {
      ctx.next(); // not JSON: the contract's validation says so
      return;
    }
    try {
      Text.check(json, "");
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    ctx.next();
  }
}
