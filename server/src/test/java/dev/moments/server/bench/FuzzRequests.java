package dev.moments.server.bench;

import static dev.moments.server.bench.Abuse.request;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** The kinds of hostile request the audit sent; each deserves a 4xx and nothing else. */
final class FuzzRequests {
  private FuzzRequests() {}

  static List<byte[]> all(String key) {
    String events = "/api/v1/events";
    byte[] noise = new byte[2048];
    new Random(17).nextBytes(noise);
    return List.of(
        request("POST", events, key, "{\"events\":[{\"id\":"),
        request("POST", events, key, "[".repeat(50_000)),
        request(
            "POST",
            events,
            key,
            "{\"events\":[{\"id\":\"lone\",\"type\":\"conversion\",\"unitId\":\"a\\ud800\",\"metric\":\"signup\"}]}"),
        request("POST", events, key, "{\"events\":\"" + "x".repeat(900_000) + "\"}"),
        request("POST", "/api/v1/assign", key, "{\"unitId\":\"x\\u0000\",\"moments\":[]}"),
        request("POST", "/api/v1/assign", key, "{\"unitId\":7}"),
        request("POST", "/api/v1/assign", "unknown-key-" + System.nanoTime(), "{}"),
        request("POST", "/api/v1/keys", key, "{\"kind\":\"admin\"}"),
        request("GET", events, key, null),
        request("DELETE", "/api/v1/assign", key, null),
        request("GET", "/api/v1/" + "a".repeat(20_000), key, null),
        request("GET", "/../../etc/passwd", null, null),
        ascii(
            "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "b".repeat(70_000)
                + "\r\nConnection: close\r\n\r\n"),
        ascii(
            "POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n"
                + "Connection: close\r\n\r\n"),
        ascii(
            "POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n"
                + "Connection: close\r\n\r\n"),
        ascii(
            "POST /api/v1/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Authorization: Bearer "
                + key
                + "\r\nConnection: close\r\n\r\nzz\r\n"),
        noise);
  }

  static String event(String id, String unit) {
    return new JsonObject()
        .put(
            "events",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("id", id)
                        .put("type", "conversion")
                        .put("unitId", unit)
                        .put("metric", "signup")))
        .encode();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
