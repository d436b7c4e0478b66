package dev.moments.server.http;

import dev.moments.server.auth.Caller;
import dev.moments.server.store.KeyStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Limits failed authentications per client address, before {@link AuthHandler}: once an address has
 * used up its failures, its requests get 429 at once, without hashing or looking their keys up, so
 * a flood of unknown keys costs almost nothing and does not slow legitimate callers. Only answers
 * of 401 count. A key this server already knows passes in any case, so a valid key behind the same
 * address (a proxy) keeps working; its authentication starts here, with the same cache look-up, and
 * {@link AuthHandler} takes it over. Requests still being authenticated when the last failure is
 * counted may overshoot the limit by their number.
 */
final class AuthThrottle implements Handler<RoutingContext> {
  private final KeyStore keys;
  private final RateLimits limits;

  AuthThrottle(KeyStore keys, RateLimits limits) {
    this.keys = keys;
    this.limits = limits;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (AuthHandler.isExempt(ctx)) {
      ctx.next();
      return;
    }
    String key = AuthHandler.presentedKey(ctx);
    Future<Optional<Caller>> known = key == null ? null : keys.authenticateKnown(key);
    if (known != null) {
      AuthHandler.authenticating(ctx, known);
      ctx.next();
      return;
    }
    String address = RateLimits.client(ctx.request());
    OptionalLong wait = limits.mayAuthenticate(address);
    if (wait.isPresent()) {
      ctx.fail(
          ApiException.rateLimited(
              "too_many_failed_authentications",
              "Too many requests with a missing or unknown key from this address; retry in "
                  + wait.getAsLong()
                  + " s.",
              wait.getAsLong()));
      return;
    }
    ctx.addEndHandler(
        v -> {
          if (ctx.response().getStatusCode() == 401) {
            limits.authenticationFailed(address);
          }
        });
    ctx.next();
  }
}
