package dev.moments.sdk;

import static dev.moments.sdk.ClientFixtures.CONFIG;
import static dev.moments.sdk.ClientFixtures.MOBILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.sdk.FakeEndpoint.Reply;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A server that accepts the connection and never answers must not hold up the host. */
class UnresponsiveServerIT {
  private final CountDownLatch fetchStarted = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final FakeEndpoint endpoint =
      new FakeEndpoint()
          .onConfig(
              r -> {
                fetchStarted.countDown();
                try {
                  release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return Reply.of(200, CONFIG.replace("\"v1\"", "\"late\""));
              });
  private final ClientFixtures.Errors errors = new ClientFixtures.Errors();

  @AfterEach
  void stop() {
    release.countDown();
    endpoint.close();
  }

  @Test
  void assignAndTrackAnswerWhileTheFirstFetchHangs() throws Exception {
    MomentsClient client =
        ClientFixtures.quiet(endpoint.url(), errors)
            .configSnapshot(CONFIG)
            .initialFetchTimeout(Duration.ofMillis(100))
            .closeTimeout(Duration.ZERO)
            .build();
    assertTrue(fetchStarted.await(5, TimeUnit.SECONDS));
    // the fetch is parked in the handler until release: everything below happens while it hangs
    Assignment assignment = client.assign("smot.onboarding", "user-42", MOBILE);
    client.track("user-42", "signup");
    assertTrue(assignment.inExperiment(), "answered from the snapshot");
    assertEquals("v1", client.stats().configVersion());
    assertEquals(1, release.getCount(), "the fetch was still hanging when assign returned");
    release.countDown();
    ClientFixtures.await(
        "the late config",
        Duration.ofSeconds(5),
        () -> "late".equals(client.stats().configVersion()));
    client.close();
  }

  @Test
  void withoutASnapshotEveryUnitGetsTheDefaultUntilAConfigArrives() throws Exception {
    MomentsClient client =
        ClientFixtures.quiet(endpoint.url(), errors)
            .initialFetchTimeout(Duration.ZERO)
            .closeTimeout(Duration.ZERO)
            .build();
    assertTrue(fetchStarted.await(5, TimeUnit.SECONDS));
    assertFalse(client.assign("smot.onboarding", "user-42", MOBILE).inExperiment());
    release.countDown();
    ClientFixtures.await(
        "the config",
        Duration.ofSeconds(5),
        () -> client.assign("smot.onboarding", "user-42", MOBILE).inExperiment());
    client.close();
  }

  @Test
  void aRequestTimeoutIsReportedAndTheClientCarriesOn() throws Exception {
    MomentsClient client =
        ClientFixtures.quiet(endpoint.url(), errors)
            .configSnapshot(CONFIG)
            .requestTimeout(Duration.ofMillis(200))
            .initialFetchTimeout(Duration.ofSeconds(5))
            .closeTimeout(Duration.ZERO)
            .build();
    assertEquals(
        1,
        errors.count(MomentsError.Kind.CONFIG_FETCH_FAILED),
        "build() returned after the timed-out fetch");
    assertTrue(errors.seen.get(0).message().contains("timed out"), errors.seen.get(0).message());
    assertEquals(1, client.stats().failedRequests());
    client.close();
  }
}
