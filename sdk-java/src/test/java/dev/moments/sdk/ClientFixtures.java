package dev.moments.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** A small SDK config and helpers shared by the client tests. */
final class ClientFixtures {
  /**
   * onboarding: running, everyone on mobile; hero-rollout: stopped, rolled out to "bold"; ad:
   * running on half the layer.
   */
  static final String CONFIG =
      """
      {"version":"v1","moments":[{"key":"smot.onboarding","stage":"SMOT"},{"key":"fmot.hero","stage":"FMOT"},
        {"key":"zmot.ad","stage":"ZMOT"}],
       "experiments":[
        {"key":"onboarding","moment":"smot.onboarding","salt":"s-onb","status":"running","trafficPercent":100,
         "ranges":[[0,10000]],"rollout":null,
         "targeting":{"all":[{"attribute":"device","op":"in","values":["mobile"]}]},
         "variants":[{"key":"control","weight":50,"payload":{"steps":3}},{"key":"guided","weight":50,"payload":{"steps":5}}]},
        {"key":"hero-rollout","moment":"fmot.hero","salt":"s-hero","status":"stopped","trafficPercent":100,
         "ranges":[[0,10000]],"rollout":"bold",
         "variants":[{"key":"classic","weight":50,"payload":{}},{"key":"bold","weight":50,"payload":{"layout":"bold"}}]},
        {"key":"ad","moment":"zmot.ad","salt":"s-ad","status":"running","trafficPercent":50,"ranges":[[0,5000]],
         "variants":[{"key":"a","weight":1},{"key":"b","weight":1}]}]}
      """;

  static final Map<String, String> MOBILE = Map.of("device", "mobile");

  /** Nothing listens here: connections are refused at once. */
  static final String NO_SERVER = "http://127.0.0.1:9";

  static final String KEY = "sk-test";

  private ClientFixtures() {}

  /** Collects errors given to onError. */
  static final class Errors {
    final List<MomentsError> seen = new CopyOnWriteArrayList<>();

    void add(MomentsError error) {
      seen.add(error);
    }

    long count(MomentsError.Kind kind) {
      return seen.stream().filter(e -> e.kind() == kind).count();
    }
  }

  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  /** The events of one POST /events body, parsed by the SDK's own strict reader. */
  static List<Map<?, ?>> events(FakeEndpoint.Request post) {
    Map<?, ?> root = (Map<?, ?>) Json.parse(post.body());
    return ((List<?>) root.get("events")).stream().<Map<?, ?>>map(e -> (Map<?, ?>) e).toList();
  }

  /** The one event of a batch body. */
  static Map<?, ?> single(String batch) {
    List<?> events = (List<?>) ((Map<?, ?>) Json.parse(batch)).get("events");
    if (events.size() != 1) {
      throw new AssertionError("expected one event in " + batch);
    }
    return (Map<?, ?>) events.get(0);
  }

  static List<Map<?, ?>> allEvents(FakeEndpoint endpoint) {
    return endpoint.eventPosts().stream().flatMap(p -> events(p).stream()).toList();
  }

  static MomentsClientBuilder quiet(String url, Errors errors) {
    return MomentsClient.builder(url, KEY)
        .onError(errors::add)
        .initialFetchTimeout(Duration.ofSeconds(2));
  }
}
