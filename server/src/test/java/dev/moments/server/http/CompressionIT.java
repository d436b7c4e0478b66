package dev.moments.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 19.1: responses are compressed where it pays, by the handlers instead of a compressor in
 * every connection's pipeline. A body of 1 KiB or more goes gzip-encoded to a client that accepts
 * gzip, the same bytes once decoded, with {@code Vary: Accept-Encoding} (before, the public,
 * immutable SDK bundle went gzip-encoded without it, so a shared cache could hand the gzip form to
 * a client that never asked for it); a small answer (/assign's) goes as it is; the dashboard's
 * files keep their gzip form and their caching headers.
 */
class CompressionIT {
  private static final Map<String, String> GZIP = Map.of("Accept-Encoding", "gzip, deflate, br");
  private static final Map<String, String> NONE = Map.of();

  @Test
  void compressesWhatPaysAndSaysSo() throws Exception {
    try (RunningServer server = RunningServer.start(TestDatabase.fresh(), true)) {
      String bundle =
          server
              .call(HttpMethod.GET, "/api/v1/sdk/script", null, null)
              .bodyAsJsonObject()
              .getString("path");
      for (String path : List.of(bundle, "/api/v1/openapi.yaml", "/")) {
        compressedAlike(server, path, null);
      }
      compressedAlike(server, "/api/v1/experiments", RunningServer.ADMIN_KEY);
      smallAnswersGoAsTheyAre(server);
      acceptEncodingIsRead(server, bundle);
      dashboardAssetsKeepGzipAndCaching(server);
    }
  }

  private static void compressedAlike(RunningServer server, String path, String key)
      throws IOException {
    HttpResponse<Buffer> plain = server.call(HttpMethod.GET, path, key, null, NONE);
    HttpResponse<Buffer> gzip = server.call(HttpMethod.GET, path, key, null, GZIP);
    assertEquals(200, plain.statusCode(), path);
    assertTrue(plain.bodyAsBuffer().length() >= Gzip.MIN_BYTES, path + " is too small to test");
    assertNull(plain.getHeader("Content-Encoding"), path);
    assertEquals("gzip", gzip.getHeader("Content-Encoding"), path);
    assertArrayEquals(plain.bodyAsBuffer().getBytes(), gunzip(gzip.bodyAsBuffer()), path);
    assertTrue(gzip.bodyAsBuffer().length() < plain.bodyAsBuffer().length(), path);
    for (HttpResponse<Buffer> response : List.of(plain, gzip)) {
      assertTrue(varies(response), path + ": " + response.headers().getAll("Vary"));
    }
    assertEquals(plain.getHeader("Content-Type"), gzip.getHeader("Content-Type"), path);
    assertEquals(plain.getHeader("Cache-Control"), gzip.getHeader("Cache-Control"), path);
  }

  private static void smallAnswersGoAsTheyAre(RunningServer server) {
    JsonObject body =
        new JsonObject()
            .put("unitId", "visitor-1")
            .put("moments", new JsonArray().add("fmot.landing-hero"));
    HttpResponse<Buffer> assign =
        server.call(HttpMethod.POST, "/api/v1/assign", server.newKey("client"), body, GZIP);
    assertEquals(200, assign.statusCode(), assign.bodyAsString());
    assertTrue(assign.bodyAsBuffer().length() < Gzip.MIN_BYTES, assign.bodyAsString());
    assertNull(assign.getHeader("Content-Encoding"));
    assertEquals("visitor-1", assign.bodyAsJsonObject().getString("unitId"));
    HttpResponse<Buffer> error =
        server.call(HttpMethod.GET, "/api/v1/experiments", null, null, GZIP);
    assertEquals(401, error.statusCode());
    assertNull(error.getHeader("Content-Encoding"));
    assertEquals("unauthorized", error.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }

  private static void acceptEncodingIsRead(RunningServer server, String path) {
    Map<String, Boolean> cases =
        Map.of(
            "gzip", true,
            "GZIP;q=0.5", true,
            "x-gzip", true,
            "*", true,
            "deflate, br", false,
            "gzip;q=0", false,
            "gzip;q=0.000", false,
            "identity", false,
            "br, gzip ; q=1.0", true,
            "*;q=0", false);
    cases.forEach(
        (accept, gzip) -> {
          HttpResponse<Buffer> response =
              server.call(HttpMethod.GET, path, null, null, Map.of("Accept-Encoding", accept));
          assertEquals(
              gzip ? "gzip" : null, response.getHeader("Content-Encoding"), "Accept: " + accept);
        });
  }

  /**
   * A versioned asset: the gzip form from memory with StaticHandler's type and caching headers; a
   * range request is StaticHandler's, unencoded, as before (conditional requests:
   * DashboardValidatorsIT).
   */
  private static void dashboardAssetsKeepGzipAndCaching(RunningServer server) throws IOException {
    String index = server.call(HttpMethod.GET, "/", null, null, NONE).bodyAsString();
    Matcher css = Pattern.compile("/assets/[0-9a-f]+/css/[^\"]+\\.css").matcher(index);
    Matcher js = Pattern.compile("/assets/[0-9a-f]+/js/[^\"]+\\.js").matcher(index);
    assertTrue(css.find() && js.find(), index);
    for (String asset : List.of(css.group(), js.group())) {
      HttpResponse<Buffer> plain = server.call(HttpMethod.GET, asset, null, null, NONE);
      HttpResponse<Buffer> gzip = server.call(HttpMethod.GET, asset, null, null, GZIP);
      assertEquals(200, plain.statusCode(), asset);
      assertEquals(200, gzip.statusCode(), asset);
      assertEquals("gzip", gzip.getHeader("Content-Encoding"), asset);
      assertArrayEquals(plain.bodyAsBuffer().getBytes(), gunzip(gzip.bodyAsBuffer()), asset);
      assertTrue(varies(gzip), asset);
      assertEquals(plain.getHeader("Content-Type"), gzip.getHeader("Content-Type"), asset);
      assertEquals("public, immutable, max-age=31536000", gzip.getHeader("Cache-Control"), asset);
      assertEquals(plain.getHeader("Cache-Control"), gzip.getHeader("Cache-Control"), asset);
      assertTrue(gzip.getHeader("Last-Modified") != null, asset);
      assertEquals(
          SecurityHeaders.CONTENT_SECURITY_POLICY,
          gzip.getHeader("Content-Security-Policy"),
          asset);

      HttpResponse<Buffer> range =
          server.call(
              HttpMethod.GET,
              asset,
              null,
              null,
              Map.of("Accept-Encoding", "gzip", "Range", "bytes=0-9"));
      assertEquals(206, range.statusCode(), asset);
      assertNull(range.getHeader("Content-Encoding"), asset);
      assertArrayEquals(
          plain.bodyAsBuffer().getBuffer(0, 10).getBytes(), range.bodyAsBuffer().getBytes());
      HttpResponse<Buffer> revalidated =
          server.call(
              HttpMethod.GET,
              asset,
              null,
              null,
              Map.of(
                  "Accept-Encoding",
                  "gzip",
                  "If-Modified-Since",
                  plain.getHeader("Last-Modified")));
      assertEquals(304, revalidated.statusCode(), asset);
    }
    // an older, unversioned path to the same file is revalidated each time, gzip or not
    String legacy = css.group().replaceFirst("/assets/[0-9a-f]+", "");
    HttpResponse<Buffer> plain = server.call(HttpMethod.GET, legacy, null, null, NONE);
    HttpResponse<Buffer> gzip = server.call(HttpMethod.GET, legacy, null, null, GZIP);
    assertEquals(200, gzip.statusCode(), legacy);
    assertEquals("gzip", gzip.getHeader("Content-Encoding"), legacy);
    assertArrayEquals(plain.bodyAsBuffer().getBytes(), gunzip(gzip.bodyAsBuffer()), legacy);
    assertEquals("no-cache", gzip.getHeader("Cache-Control"), legacy);
    assertEquals(plain.getHeader("Content-Type"), gzip.getHeader("Content-Type"), legacy);
  }

  private static boolean varies(HttpResponse<Buffer> response) {
    return response.headers().getAll("Vary").stream()
        .flatMap(v -> List.of(v.split(",")).stream())
        .anyMatch(v -> v.trim().toLowerCase(Locale.ROOT).equals("accept-encoding"));
  }

  private static byte[] gunzip(Buffer body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body.getBytes()))) {
      return in.readAllBytes();
    }
  }
}
