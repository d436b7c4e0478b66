package dev.moments.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestPortsTest {
  @Test
  void aPortTakenBeforeTheBindIsTriedAgainOnAnother() {
    List<Integer> tried = new ArrayList<>();
    int bound =
        TestPorts.onFreePort(
            port -> {
              tried.add(port);
              if (tried.size() == 1) {
                throw new IllegalStateException(new BindException("Address already in use"));
              }
              return port;
            });
    assertEquals(2, tried.size());
    assertEquals(tried.get(1), bound);
  }

  @Test
  void anotherFailureIsNotRetriedAndThreeTakenPortsGiveUp() {
    List<Integer> tried = new ArrayList<>();
    assertThrows(
        IllegalArgumentException.class,
        () ->
            TestPorts.onFreePort(
                port -> {
                  tried.add(port);
                  throw new IllegalArgumentException("not a port problem");
                }));
    assertEquals(1, tried.size());
    assertThrows(
        IllegalStateException.class,
        () ->
            TestPorts.onFreePort(
                port -> {
                  throw new BindException("taken");
                }));
  }

  /** Where Linux tells its ephemeral range, no connection can be handed the port as its own. */
  @Test
  void aFreePortIsBelowTheEphemeralRangeAndFree() throws Exception {
    int port = TestPorts.freePort();
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    if (Files.exists(range)) {
      int low = Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);
      assertTrue(port < low, port + " is in the ephemeral range from " + low);
    }
    try (ServerSocket bound = new ServerSocket(port)) {
      assertNotEquals(0, bound.getLocalPort());
    }
  }
}
