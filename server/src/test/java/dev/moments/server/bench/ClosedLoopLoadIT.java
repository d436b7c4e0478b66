package dev.moments.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The load generator against a real server with the demo experiment: its requests are valid /assign
 * calls.
 */
class ClosedLoopLoadIT {
  private static final int CONNECTIONS = 4;
  private static final double SECONDS = 2;
  private static RunningServer server;
  private static URI assign;

  @BeforeAll
  static void start() {
    server = RunningServer.start(TestDatabase.fresh(), true);
    assign = URI.create("http://127.0.0.1:" + server.port() + "/api/v1/assign");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyAnswerIsCountedOnceAndTheLatenciesFitInTheConnectionsTime()
      throws InterruptedException {
    ClosedLoopLoad.Result result =
        ClosedLoopLoad.run(assign, RunningServer.ADMIN_KEY, CONNECTIONS, 2, 0.5, SECONDS);
    LatencyHistogram latencies = result.latencies();
    assertEquals(0, result.failures(), "the generated requests are accepted");
    assertTrue(latencies.count() > 0, "answers in the window: " + latencies.count());
    // Each connection has one request in flight at a time, so the answers that arrive in the window
    // span at most the window plus, for the first one, the time it had waited before the window.
    double selfCheck = latencies.totalSeconds() / (CONNECTIONS * SECONDS);
    double bound = 1 + latencies.maxMillis() / 1e3 / SECONDS + 0.01;
    assertTrue(
        selfCheck > 0.5 && selfCheck <= bound,
        "summed latency / connection time = " + selfCheck + ", at most " + bound);
  }

  @Test
  void answersOutsideTwoHundredAreCountedAsFailures() throws InterruptedException {
    ClosedLoopLoad.Result result =
        // 1 s, not less: the server closes the connection of a refused request, so each answer
        // also costs the load generator a new connection
        ClosedLoopLoad.run(assign, "not-a-key-0123456789", CONNECTIONS, 1, 0, 1);
    assertTrue(result.latencies().count() > 0);
    assertEquals(result.latencies().count(), result.failures());
  }
}
