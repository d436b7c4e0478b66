package dev.moments.server.http;

import io.vertx.core.MultiMap;

/**
 * Headers on every response: the dashboard runs only its own scripts (no inline script; inline
 * style attributes, which its charts and bars use, are allowed), is never framed, and sends no
 * referrer; no response is sniffed as another type.
 */
final class SecurityHeaders {
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline';"
          + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  private SecurityHeaders() {}

  static void add(MultiMap headers) {
    headers
        .add("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .add("X-Frame-Options", "DENY")
        .add("Referrer-Policy", "no-referrer")
        .add("X-Content-Type-Options", "nosniff");
  }
}
