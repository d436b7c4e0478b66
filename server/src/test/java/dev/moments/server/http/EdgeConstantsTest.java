package dev.moments.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the edge decides once instead of per request still says what it said: the security headers
 * (names and values encoded once) and which paths are the SDK's (CORS for any origin), decided per
 * contract path when the rules are read.
 */
class EdgeConstantsTest {
  @Test
  void everyResponseGetsTheFourSecurityHeaders() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    SecurityHeaders.add(headers);
    assertEquals(4, headers.size());
    assertEquals(
        List.of(SecurityHeaders.CONTENT_SECURITY_POLICY),
        headers.getAll("content-security-policy"));
    assertEquals("DENY", headers.get("X-Frame-Options"));
    assertEquals("no-referrer", headers.get("Referrer-Policy"));
    assertEquals("nosniff", headers.get("X-Content-Type-Options"));
  }

  @Test
  void theSdkPathsAreThoseWithAnSdkOperation() throws IOException {
    AccessRules rules;
    try (InputStream in = EdgeConstantsTest.class.getResourceAsStream("/openapi.yaml")) {
      rules = AccessRules.from(Contract.document(Buffer.buffer(in.readAllBytes())));
    }
    for (String sdk :
        List.of(
            "/api/v1/assign",
            "/api/v1/assign/",
            "/api/v1/sdk/config",
            "/api/v1/events",
            "/r/hero")) {
      assertTrue(rules.isSdkPath(sdk), sdk);
    }
    for (String admin :
        List.of(
            "/api/v1/experiments",
            "/api/v1/experiments/hero/report",
            "/api/v1/events/summary",
            "/api/v1/sdk/script",
            "/health",
            "/api/v1/assignx",
            "/r/hero/x",
            "/")) {
      assertFalse(rules.isSdkPath(admin), admin);
    }
  }
}
