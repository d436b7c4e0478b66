package dev.moments.server.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Who made a request, as the authentication handler established it.
 *
 * @param keyId the stored key's id (audit rows name it); "bootstrap" for the configured admin key
 * @param kind what the key may do
 * @param name the key's human name
 */
public record Caller(String keyId, KeyKind kind, String name) {
  static final String CONTEXT_KEY = "moments.caller";

  public enum KeyKind {
    ADMIN,
    SERVER,
    CLIENT
  }

  public boolean isAdmin() {
    return kind == KeyKind.ADMIN;
  }

  /** The caller of an authenticated request; routes are only reached after authentication. */
  public static Caller of(RoutingContext ctx) {
    Caller caller = ctx.get(CONTEXT_KEY);
    if (caller == null) {
      throw ApiException.unauthorized("this request carries no key");
    }
    return caller;
  }

  void attachTo(RoutingContext ctx) {
    ctx.put(CONTEXT_KEY, this);
  }
}
