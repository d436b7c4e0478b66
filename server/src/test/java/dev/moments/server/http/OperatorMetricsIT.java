package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19.5: what an operator scrapes stays small and says what the server did. A scripted burst
 * of varied traffic (every SDK route, admin reads, made-up paths and methods, bad events,
 * duplicates) must leave /metrics under 100 KB with each Moments counter on it, and a second burst
 * of new paths and methods must not add lines (no label per path).
 */
class OperatorMetricsIT {
  private static final int MAX_BYTES = 100 * 1024;
  static RunningServer server;
  static String clientKey;
  private static int nextId;

  @BeforeAll
  static void start() {
    server = RunningServer.start(TestDatabase.fresh(), true);
    clientKey = server.newKey("client");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void staysSmallAfterVariedTrafficAndCountsWhatHappened() throws IOException {
    burst(0, 30);
    server.awaitFolded();
    server.metrics(); // the scrape's own request is counted from then on
    String first = server.metrics();
    long firstLines = first.lines().count();
    burst(30, 120);
    server.awaitFolded();
    String metrics = server.metrics();
    Files.writeString(Path.of("target", "operator-metrics.txt"), metrics);
    assertTrue(
        metrics.length() < MAX_BYTES,
        "/metrics is " + metrics.length() + " bytes, " + metrics.lines().count() + " lines");
    assertEquals(
        firstLines,
        metrics.lines().count(),
        "more paths, methods and units must not add series: "
            + metrics.lines().filter(l -> !first.contains(l.split(" ")[0])).limit(10).toList());
    assertTrue(
        metrics.lines().noneMatch(l -> l.contains("quantile=")),
        "no client-side quantiles: they cannot be aggregated across servers");
    for (String family :
        List.of(
            "moments_events_accepted_total",
            "moments_events_duplicate_total",
            "moments_events_rejected_total{code=\"invalid_field\"",
            "moments_events_excluded_total{reason=\"bot\"}",
            "moments_assign_requests_total",
            "moments_exposures_logged_total{via=\"assign\"}",
            "moments_exposures_logged_total{via=\"events\"}",
            "moments_sdk_config_served_total{answer=\"full\"",
            "moments_sdk_config_served_total{answer=\"not_modified\"",
            "moments_cache_requests_total{cache=\"sdk_config\",result=\"hit\"}",
            "moments_cache_requests_total{cache=\"keys\",result=\"hit\"}",
            "moments_cache_requests_total{cache=\"exposures\",result=\"hit\"}",
            "moments_cache_requests_total{cache=\"exposures\",result=\"miss\"}",
            "moments_cache_size{cache=\"exposures\"}",
            "moments_cache_evictions_total{cache=\"exposures\"}",
            "moments_rollup_folded_events_total",
            "moments_rollup_batch_seconds_bucket",
            "moments_rollup_lag_seconds",
            "moments_rollup_pending_events",
            "moments_rollup_partitions_owned",
            "vertx_pool_queue_time_seconds_bucket",
            "vertx_http_server_response_time_seconds_bucket")) {
      assertTrue(metrics.contains(family), family + " missing from /metrics");
    }
    Matcher used =
        Pattern.compile("(moments|vertx)_[a-z_]+")
            .matcher(Files.readString(Path.of("ops", "grafana-moments.json")));
    while (used.find()) {
      assertTrue(
          metrics.contains(used.group()), "the Grafana dashboard uses unknown " + used.group());
    }
    assertTrue(value(metrics, "moments_events_accepted_total") >= 120 * 3, "events accepted");
    assertTrue(value(metrics, "moments_events_duplicate_total") >= 120 * 3, "resent ids");
    assertTrue(
        value(metrics, "moments_exposures_logged_total{via=\"assign\"}") >= 120, "/assign logged");
  }

  /** Requests {@code from} to {@code to}: each round touches every kind of traffic once. */
  private static void burst(int from, int to) {
    for (int i = from; i < to; i++) {
      String unit = "u-" + i;
      call(
          POST,
          "/api/v1/assign",
          new JsonObject()
              .put("unitId", unit)
              .put("moments", new JsonArray().add("fmot.landing-hero")),
          clientKey);
      String id = "e-" + (nextId++);
      JsonArray events =
          new JsonArray()
              .add(event(id, unit, "exposure"))
              .add(event("c-" + id, unit, "conversion"))
              .add(event("r-" + id, unit, "conversion"))
              .add(new JsonObject().put("id", "bad-" + id).put("type", "nonsense"));
      call(POST, "/api/v1/events", new JsonObject().put("events", events), clientKey);
      // a resend of the same batch (an SDK retry): every id a duplicate
      call(POST, "/api/v1/events", new JsonObject().put("events", events), clientKey);
      HttpResponse<Buffer> config = call(GET, "/api/v1/sdk/config", null, clientKey);
      server.call(
          GET,
          "/api/v1/sdk/config",
          clientKey,
          null,
          Map.of("If-None-Match", String.valueOf(config.getHeader("ETag"))));
      call(GET, "/api/v1/experiments/hero-demo/report", null, RunningServer.ADMIN_KEY);
      call(GET, "/api/v1/experiments/no-such-" + i + "/report", null, RunningServer.ADMIN_KEY);
      call(GET, "/made-up/path/" + i, null, null);
      call(HttpMethod.valueOf("PROBE" + (i % 50)), "/api/v1/assign", null, clientKey);
    }
  }

  private static JsonObject event(String id, String unit, String type) {
    JsonObject e =
        new JsonObject()
            .put("id", id)
            .put("type", type)
            .put("unitId", unit)
            .put("timestamp", Instant.now().toString());
    return type.equals("exposure")
        ? e.put("experiment", "hero-demo").put("variant", "control")
        : e.put("metric", "signup");
  }

  private static HttpResponse<Buffer> call(
      HttpMethod method, String path, JsonObject body, String key) {
    return server.call(
        method, path, key, body, Map.of("User-Agent", "Googlebot/2.1 " + (nextId % 3)));
  }

  /** The value of the first sample whose line starts with {@code series}. */
  static double value(String metrics, String series) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$")
            .matcher(metrics);
    double sum = 0;
    boolean found = false;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
      found = true;
    }
    if (!found) {
      throw new AssertionError(series + " not on /metrics");
    }
    return sum;
  }
}
