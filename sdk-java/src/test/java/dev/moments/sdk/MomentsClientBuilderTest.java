package dev.moments.sdk;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class MomentsClientBuilderTest {
  private final MomentsClientBuilder builder =
      MomentsClient.builder("http://localhost:8080", "sk-1");

  private static void failsNaming(String expectedFragment, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(
        e.getMessage().contains(expectedFragment),
        "message \"" + e.getMessage() + "\" should name " + expectedFragment);
  }

  @Test
  void badUrlsAreRefusedNamingTheValue() {
    failsNaming("\"localhost:8080\"", () -> MomentsClient.builder("localhost:8080", "k"));
    failsNaming("\"ftp://example.com\"", () -> MomentsClient.builder("ftp://example.com", "k"));
    failsNaming("\"http://exa mple.com\"", () -> MomentsClient.builder("http://exa mple.com", "k"));
    failsNaming("got null", () -> MomentsClient.builder(null, "k"));
  }

  @Test
  void blankKeysAreRefused() {
    failsNaming("serverKey", () -> MomentsClient.builder("http://localhost:8080", " "));
    failsNaming("got null", () -> MomentsClient.builder("http://localhost:8080", null));
  }

  @Test
  void durationsAndSizesMustBeInRange() {
    failsNaming(
        "refreshInterval must be a positive duration, got PT0S",
        () -> builder.refreshInterval(Duration.ZERO));
    failsNaming(
        "flushInterval must be a positive duration, got PT-1S",
        () -> builder.flushInterval(Duration.ofSeconds(-1)));
    failsNaming(
        "initialFetchTimeout must be zero or a positive duration, got null",
        () -> builder.initialFetchTimeout(null));
    failsNaming("requestTimeout", () -> builder.requestTimeout(Duration.ZERO));
    failsNaming("connectTimeout", () -> builder.connectTimeout(Duration.ZERO));
    failsNaming("closeTimeout", () -> builder.closeTimeout(Duration.ofMillis(-5)));
    failsNaming("flushAt must be between 1 and 1000, got 0", () -> builder.flushAt(0));
    failsNaming("got 1001", () -> builder.flushAt(1001));
    failsNaming("maxQueuedEvents must be at least 1, got -3", () -> builder.maxQueuedEvents(-3));
    failsNaming("exposureCacheSize", () -> builder.exposureCacheSize(0));
    failsNaming(
        "must not be less than initial",
        () -> builder.retryDelays(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    failsNaming("onError", () -> builder.onError(null));
  }

  @Test
  void aBrokenSnapshotFailsAtOnceWithTheParserMessage() {
    failsNaming(
        "configSnapshot is not a valid SDK config: malformed JSON",
        () -> builder.configSnapshot("{\"experiments\":"));
    failsNaming(
        "experiments[0].trafficPercent",
        () ->
            builder.configSnapshot(
                "{\"experiments\":[{\"key\":\"a\",\"moment\":\"m\",\"salt\":\"s\",\"status\":\"running\",\"variants\":[]}]}"));
    UncheckedIOException missing =
        assertThrows(
            UncheckedIOException.class,
            () -> builder.configSnapshot(Path.of("does-not-exist.json")));
    assertTrue(missing.getMessage().contains("does-not-exist.json"));
  }
}
