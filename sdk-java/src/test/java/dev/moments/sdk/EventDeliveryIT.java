package dev.moments.sdk;

import static dev.moments.sdk.ClientFixtures.CONFIG;
import static dev.moments.sdk.ClientFixtures.MOBILE;
import static dev.moments.sdk.ClientFixtures.allEvents;
import static dev.moments.sdk.ClientFixtures.await;
import static dev.moments.sdk.ClientFixtures.quiet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.sdk.FakeEndpoint.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batching, the bounded queue, close, retries and refused keys, against a scripted endpoint. */
class EventDeliveryIT {
  private final FakeEndpoint endpoint = new FakeEndpoint().onConfig(r -> Reply.of(200, CONFIG));
  private final ClientFixtures.Errors errors = new ClientFixtures.Errors();

  @AfterEach
  void stop() {
    endpoint.close();
  }

  private MomentsClientBuilder client() {
    return quiet(endpoint.url(), errors).flushInterval(Duration.ofHours(1)).flushAt(1000);
  }

  /**
   * The client once its configuration has arrived. build() waits for it only up to
   * initialFetchTimeout (2 s) and then answers defaults, which log no exposure (by design, the
   * experiment is unknown); on a loaded machine the first fetch can take longer, so a test that
   * counts exposures waits for the configuration first.
   */
  private static MomentsClient withConfig(MomentsClient client) throws InterruptedException {
    await(
        "the configuration", Duration.ofSeconds(30), () -> client.stats().configVersion() != null);
    return client;
  }

  @Test
  void closeSendsWhatIsQueuedInOneBatchWithTheContractsFields() throws Exception {
    MomentsClient client = withConfig(client().build());
    Assignment forced =
        client.assign(
            "smot.onboarding", "user-7", Map.of("device", "mobile", "force", "onboarding:guided"));
    client.track("user-7", "first_purchase", 49.90);
    client.track("user-7", "signup");
    assertTrue(endpoint.eventPosts().isEmpty(), "nothing is sent before the flush interval");
    Instant before = Instant.now().minusSeconds(5);
    client.close();
    assertEquals(1, endpoint.eventPosts().size());
    List<Map<?, ?>> events = allEvents(endpoint);
    assertEquals(3, events.size());
    Map<?, ?> exposure = events.get(0);
    assertEquals("exposure", exposure.get("type"));
    assertEquals("~java:forced:onboarding/guided/user-7", exposure.get("id"));
    assertEquals(forced.variant(), exposure.get("variant"));
    assertEquals(Boolean.TRUE, exposure.get("forced"));
    assertEquals(
        Map.of("device", "mobile", "force", "onboarding:guided"), exposure.get("attributes"));
    Map<?, ?> purchase = events.get(1);
    assertEquals(
        Set.of("id", "type", "unitId", "metric", "value", "timestamp"),
        purchase.keySet(),
        "a conversion names no experiment");
    assertEquals(49.90, purchase.get("value"));
    assertEquals(1.0, events.get(2).get("value"));
    assertTrue(Instant.parse((String) purchase.get("timestamp")).isAfter(before));
    assertFalse(purchase.get("id").equals(events.get(2).get("id")));
    assertEquals("Bearer sk-test", endpoint.eventPosts().get(0).authorization());
    assertEquals(3, client.stats().sent());
  }

  @Test
  void aFullQueueDropsItsOldestEventsAndCountsThem() {
    MomentsClient client = client().maxQueuedEvents(5).build();
    for (int i = 0; i < 8; i++) {
      client.track("u" + i, "signup");
    }
    ClientStats stats = client.stats();
    assertEquals(5, stats.queued());
    assertEquals(3, stats.dropped());
    assertEquals(
        1, errors.count(MomentsError.Kind.EVENTS_DROPPED), "reported once, not once per event");
    client.close();
    List<Object> units =
        allEvents(endpoint).stream().map(e -> e.get("unitId")).collect(Collectors.toList());
    assertEquals(List.of("u3", "u4", "u5", "u6", "u7"), units);
  }

  @Test
  void reachingFlushAtSendsWithoutWaitingForTheInterval() throws Exception {
    try (MomentsClient client = client().flushAt(10).build()) {
      for (int i = 0; i < 25; i++) {
        client.track("u" + i, "signup");
      }
      await("two full batches", Duration.ofSeconds(5), () -> endpoint.eventPosts().size() >= 2);
      assertEquals(10, ClientFixtures.events(endpoint.eventPosts().get(0)).size());
    }
  }

  @Test
  void failedBatchesAreResentWithGrowingDelaysAndTheSameIds() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    endpoint.onEvents(
        r ->
            calls.incrementAndGet() <= 2
                ? Reply.of(500, "{\"error\":{}}")
                : Reply.of(202, FakeEndpoint.ACCEPT_ALL));
    MomentsClient client =
        client().flushAt(3).retryDelays(Duration.ofMillis(100), Duration.ofSeconds(5)).build();
    for (int i = 0; i < 3; i++) {
      client.track("u" + i, "signup");
    }
    await("the third attempt", Duration.ofSeconds(5), () -> endpoint.eventPosts().size() >= 3);
    List<FakeEndpoint.Request> posts = endpoint.eventPosts();
    assertEquals(posts.get(0).body(), posts.get(1).body(), "a resend carries the same ids");
    assertEquals(posts.get(0).body(), posts.get(2).body());
    // equal jitter: attempt n waits between half and all of 100 ms * 2^n
    assertTrue(posts.get(1).nanos() - posts.get(0).nanos() >= 50_000_000L);
    assertTrue(posts.get(2).nanos() - posts.get(1).nanos() >= 100_000_000L);
    client.close();
    assertEquals(3, endpoint.eventPosts().size(), "nothing was sent twice after it succeeded");
    assertEquals(3, client.stats().sent());
    assertEquals(2, client.stats().failedRequests());
  }

  @Test
  void a503WaitsAsLongAsRetryAfterSays() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    endpoint.onEvents(
        r ->
            calls.incrementAndGet() == 1
                ? new Reply(503, "{}", Map.of("Retry-After", "1"))
                : Reply.of(202, FakeEndpoint.ACCEPT_ALL));
    try (MomentsClient client =
        client().flushAt(1).retryDelays(Duration.ofMillis(10), Duration.ofMillis(20)).build()) {
      client.track("u", "signup");
      await("the retry", Duration.ofSeconds(5), () -> endpoint.eventPosts().size() >= 2);
      List<FakeEndpoint.Request> posts = endpoint.eventPosts();
      assertTrue(
          posts.get(1).nanos() - posts.get(0).nanos() >= 950_000_000L,
          "Retry-After: 1 was not honoured");
    }
  }

  @Test
  void aRefusedKeyStopsSendingAndIsReportedOnce() throws Exception {
    endpoint.onEvents(r -> Reply.of(401, "{\"error\":{\"code\":\"unauthorized\"}}"));
    MomentsClient client =
        withConfig(client().flushAt(1).flushInterval(Duration.ofMillis(20)).build());
    client.track("u1", "signup");
    await("the refused post", Duration.ofSeconds(5), () -> endpoint.eventPosts().size() == 1);
    for (int i = 0; i < 20; i++) {
      client.track("u" + i, "signup");
      client.assign("smot.onboarding", "v" + i, MOBILE);
    }
    Thread.sleep(300); // fifteen flush intervals
    client.close();
    assertEquals(1, endpoint.eventPosts().size(), "no call after the 401");
    assertEquals(1, errors.count(MomentsError.Kind.UNAUTHORIZED));
    assertEquals(0, client.stats().queued());
    assertEquals(41, client.stats().dropped());
  }

  @Test
  void rejectedEventsAreCountedAndReported() throws Exception {
    endpoint.onEvents(
        r ->
            Reply.of(
                202,
                "{\"accepted\":1,\"duplicates\":0,\"rejected\":[{\"index\":1,"
                    + "\"error\":{\"code\":\"invalid_field\",\"message\":\"bad\"}}]}"));
    MomentsClient client = client().build();
    client.track("a", "signup");
    client.track("b", "signup");
    client.close();
    assertEquals(1, client.stats().sent());
    assertEquals(1, client.stats().rejected());
    assertEquals(1, errors.count(MomentsError.Kind.EVENTS_REJECTED));
  }

  @Test
  void serverRejectionsAreReportedOncePerCode() throws Exception {
    AtomicInteger posts = new AtomicInteger();
    endpoint.onEvents(
        r ->
            Reply.of(
                202,
                posts.incrementAndGet() == 1
                    ? rejections("invalid_field", "unknown_field", "invalid_field")
                    : rejections("invalid_field", "missing_field")));
    MomentsClient client = client().flushAt(3).build();
    for (int i = 0; i < 3; i++) {
      client.track("u" + i, "signup");
    }
    await("the first batch", Duration.ofSeconds(10), () -> client.stats().rejected() == 3);
    client.track("v1", "signup");
    client.track("v2", "signup");
    client.close();
    assertEquals(5, client.stats().rejected(), "every rejected event is counted");
    List<String> reported =
        errors.seen.stream()
            .filter(e -> e.kind() == MomentsError.Kind.EVENTS_REJECTED)
            .map(MomentsError::message)
            .toList();
    assertEquals(3, reported.size(), "one report per code: " + reported);
    for (String code : List.of("invalid_field", "unknown_field", "missing_field")) {
      assertEquals(
          1,
          reported.stream().filter(m -> m.contains("(" + code + ")")).count(),
          reported::toString);
    }
    assertTrue(reported.get(0).contains("2 of 3 events"), reported.get(0));
  }

  private static String rejections(String... codes) {
    StringBuilder json = new StringBuilder("{\"accepted\":0,\"duplicates\":0,\"rejected\":[");
    for (int i = 0; i < codes.length; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"index\":")
          .append(i)
          .append(",\"error\":{\"code\":\"")
          .append(codes[i])
          .append("\",\"message\":\"bad ")
          .append(codes[i])
          .append("\",\"field\":\"events[")
          .append(i)
          .append("].metric\"}}");
    }
    return json.append("]}").toString();
  }

  @Test
  void aBatchTooLargeIsSplitNotLost() throws Exception {
    endpoint.onEvents(
        r ->
            ClientFixtures.events(r).size() > 2
                ? Reply.of(413, "{}")
                : Reply.of(202, FakeEndpoint.ACCEPT_ALL));
    MomentsClient client = client().build();
    for (int i = 0; i < 5; i++) {
      client.track("u" + i, "signup");
    }
    client.close();
    assertEquals(5, client.stats().sent());
    assertEquals(0, client.stats().dropped());
  }

  @Test
  void theConfigIsRevalidatedWithItsEtagAndReplacedWhenItChanges() throws Exception {
    String v2 =
        CONFIG
            .replace("\"version\":\"v1\"", "\"version\":\"v2\"")
            .replace(
                "\"status\":\"running\",\"trafficPercent\":100",
                "\"status\":\"paused\",\"trafficPercent\":100");
    String[] served = {CONFIG, "\"v1\""};
    endpoint.onConfig(
        r ->
            served[1].equals(r.ifNoneMatch())
                ? Reply.of(304, null)
                : new Reply(200, served[0], Map.of("ETag", served[1])));
    try (MomentsClient client =
        withConfig(client().refreshInterval(Duration.ofMillis(30)).build())) {
      assertTrue(client.assign("smot.onboarding", "u", MOBILE).inExperiment());
      await(
          "three revalidations",
          Duration.ofSeconds(5),
          () -> client.stats().configNotModified() >= 3);
      List<FakeEndpoint.Request> gets = endpoint.configGets();
      assertNull(gets.get(0).ifNoneMatch());
      assertEquals("\"v1\"", gets.get(1).ifNoneMatch());
      assertEquals(1, client.stats().configUpdates());
      served[0] = v2;
      served[1] = "\"v2\"";
      await(
          "the paused experiment",
          Duration.ofSeconds(5),
          () -> !client.assign("smot.onboarding", "u", MOBILE).inExperiment());
      assertEquals("v2", client.stats().configVersion());
    }
  }

  @Test
  void aKeyRefusedForTheConfigStopsEveryCallAndIsReportedOnce() throws Exception {
    endpoint.onConfig(r -> Reply.of(403, "{\"error\":{\"code\":\"forbidden\"}}"));
    MomentsClient client =
        client()
            .refreshInterval(Duration.ofMillis(10))
            .flushInterval(Duration.ofMillis(10))
            .configSnapshot(CONFIG)
            .build();
    client.track("u", "signup");
    assertTrue(
        client.assign("smot.onboarding", "u", MOBILE).inExperiment(), "the snapshot still answers");
    Thread.sleep(200); // twenty refresh and flush intervals
    client.close();
    assertEquals(1, endpoint.configGets().size());
    assertTrue(endpoint.eventPosts().isEmpty());
    assertEquals(1, errors.count(MomentsError.Kind.UNAUTHORIZED));
    assertEquals(2, client.stats().dropped(), "the conversion and the exposure");
  }

  @Test
  void closeFromTheErrorCallbackOnTheBackgroundThreadDoesNotHang() throws Exception {
    endpoint.onEvents(r -> Reply.of(500, "{}"));
    MomentsClient[] holder = new MomentsClient[1];
    CountDownLatch closed = new CountDownLatch(1);
    holder[0] =
        client()
            .flushAt(1)
            .closeTimeout(Duration.ofMillis(300))
            .onError(
                error -> {
                  if (error.kind() == MomentsError.Kind.SEND_FAILED && closed.getCount() > 0) {
                    holder[0].close();
                    closed.countDown();
                  }
                })
            .build();
    holder[0].track("u", "signup");
    assertTrue(closed.await(5, TimeUnit.SECONDS), "close() returned from inside onError");
  }
}
