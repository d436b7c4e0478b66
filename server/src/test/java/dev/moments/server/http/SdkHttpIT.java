package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What browsers need from the SDK endpoints (CORS, sendBeacon) and what operators scrape (/metrics,
 * on the metrics listener).
 */
class SdkHttpIT {
  static RunningServer server;
  static String clientKey;
  static String serverKey;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    clientKey =
        server
            .admin(POST, "/api/v1/keys", new JsonObject().put("kind", "client").put("name", "web"))
            .bodyAsJsonObject()
            .getString("key");
    serverKey =
        server
            .admin(POST, "/api/v1/keys", new JsonObject().put("kind", "server").put("name", "svc"))
            .bodyAsJsonObject()
            .getString("key");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String beaconBody(String id) {
    return new JsonObject()
        .put(
            "events",
            new io.vertx.core.json.JsonArray()
                .add(
                    new JsonObject()
                        .put("id", id)
                        .put("type", "conversion")
                        .put("unitId", "visitor-1")
                        .put("metric", "signup")))
        .encode();
  }

  @Test
  void sendBeaconTextPlainWithTheClientKeyInTheQueryIsAccepted() {
    HttpResponse<Buffer> r =
        server
            .client()
            .post("/api/v1/events?key=" + clientKey)
            .putHeader("Content-Type", "text/plain;charset=UTF-8")
            .sendBuffer(Buffer.buffer(beaconBody("beacon-1")))
            .await();
    assertEquals(202, r.statusCode(), r.bodyAsString());
    assertEquals(1, r.bodyAsJsonObject().getInteger("accepted"));
    HttpResponse<Buffer> again =
        server
            .client()
            .post("/api/v1/events?key=" + clientKey)
            .putHeader("Content-Type", "text/plain")
            .sendBuffer(Buffer.buffer(beaconBody("beacon-1")))
            .await();
    assertEquals(1, again.bodyAsJsonObject().getInteger("duplicates"));
  }

  @Test
  void onlyPublicClientKeysMayTravelInTheUrl() {
    HttpResponse<Buffer> r =
        server
            .client()
            .post("/api/v1/events?key=" + serverKey)
            .putHeader("Content-Type", "text/plain")
            .sendBuffer(Buffer.buffer(beaconBody("beacon-2")))
            .await();
    assertEquals(403, r.statusCode());
    HttpResponse<Buffer> elsewhere =
        server.client().get("/api/v1/sdk/config?key=" + clientKey).send().await();
    assertEquals(401, elsewhere.statusCode());
  }

  @Test
  void browsersMayCallTheSdkEndpointsFromAnyOrigin() {
    HttpResponse<Buffer> preflight =
        server
            .client()
            .request(HttpMethod.OPTIONS, "/api/v1/events")
            .putHeader("Origin", "https://shop.example.com")
            .putHeader("Access-Control-Request-Method", "POST")
            .putHeader("Access-Control-Request-Headers", "authorization,content-type")
            .send()
            .await();
    assertTrue(
        preflight.statusCode() == 204 || preflight.statusCode() == 200,
        "preflight " + preflight.statusCode());
    assertTrue(preflight.getHeader("Access-Control-Allow-Origin") != null);
    HttpResponse<Buffer> config =
        server
            .client()
            .get("/api/v1/sdk/config")
            .putHeader("Origin", "https://shop.example.com")
            .putHeader("Authorization", "Bearer " + clientKey)
            .send()
            .await();
    assertEquals(200, config.statusCode());
    assertTrue(config.getHeader("Access-Control-Allow-Origin") != null);
    assertTrue(String.valueOf(config.getHeader("Access-Control-Expose-Headers")).contains("ETag"));
  }

  @Test
  void metricsExposeRequestsByRouteAndStatusLatencyAndPool() {
    server.admin(GET, "/api/v1/moments", null);
    String metrics = server.metrics();
    assertTrue(
        metrics.contains(
            "vertx_http_server_requests_total{code=\"200\",method=\"GET\",route=\"/api/v1/moments\"}"),
        metrics.lines().filter(l -> l.contains("requests_total")).findFirst().orElse("none"));
    assertTrue(metrics.contains("vertx_http_server_response_time_seconds"), "latency histogram");
    assertTrue(metrics.contains("vertx_pool_"), "pool usage");
    assertTrue(
        metrics.contains("moments_rollup_pending_events "), "how far the reports are behind");
  }
}
