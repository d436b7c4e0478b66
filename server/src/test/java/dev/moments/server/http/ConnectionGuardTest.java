package dev.moments.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConnectionGuardTest {
  /**
   * A client told N may reuse a connection N s after receiving an answer: before the server closes.
   */
  @Test
  void theKeepAliveTimeoutClientsAreToldIsASecondShortOfTheHeaderTimeout() {
    assertEquals(9, ConnectionGuard.keepAliveSeconds(10_000));
    assertEquals(9, ConnectionGuard.keepAliveSeconds(10_999));
    assertEquals(59, ConnectionGuard.keepAliveSeconds(60_000));
    assertEquals(1, ConnectionGuard.keepAliveSeconds(2_000));
    assertEquals(1, ConnectionGuard.keepAliveSeconds(1_000), "never 0 (close at once)");
  }
}
