package dev.moments.server.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

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

  // on every response: names and values encoded once (Vert.x copies such headers' bytes as they
  // are instead of encoding each character again)
  private static final CharSequence[] NAMES_AND_VALUES = {
    HttpHeaders.createOptimized("Content-Security-Policy"),
    HttpHeaders.createOptimized(CONTENT_SECURITY_POLICY),
    HttpHeaders.createOptimized("X-Frame-Options"),
    HttpHeaders.createOptimized("DENY"),
    HttpHeaders.createOptimized("Referrer-Policy"),
    HttpHeaders.createOptimized("no-referrer"),
    HttpHeaders.createOptimized("X-Content-Type-Options"),
    HttpHeaders.createOptimized("nosniff")
  };

  private SecurityHeaders() {}

  static void add(MultiMap headers) {
    for (int i = 0; i < NAMES_AND_VALUES.length; i += 2) {
      headers.add(NAMES_AND_VALUES[i], NAMES_AND_VALUES[i + 1]);
    }
  }
}
