package dev.moments.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A dashboard file's two forms (gzip and plain) and their validators: each form has its own ETag,
 * both the file's own Last-Modified (before, the gzip form said the server's start, the plain form
 * StaticHandler's file time) and {@code Vary: Accept-Encoding} (before, the plain form had none for
 * a client that sent no Accept-Encoding), and a conditional request gets a 304 only when its
 * validator is the form it would be sent.
 */
class DashboardValidatorsIT {
  @Test
  void eachFormHasItsOwnETagTheSameLastModifiedAndA304OnlyForItself() {
    try (RunningServer server = RunningServer.start(TestDatabase.fresh(), true)) {
      String versioned = stylesheet(server);
      String legacy = versioned.replaceFirst("/assets/[0-9a-f]+", "");
      for (String path : List.of(versioned, legacy)) {
        checkForms(server, path);
      }
    }
  }

  /** Before, StaticHandler's failure 416 reached the error handler as an unknown status: a 500. */
  @Test
  void aRangePastTheEndIsA416WithTheLengthNotA500() {
    try (RunningServer server = RunningServer.start(TestDatabase.fresh(), true)) {
      String versioned = stylesheet(server);
      HttpResponse<Buffer> whole = get(server, versioned, false, Map.of());
      HttpResponse<Buffer> past = get(server, versioned, true, Map.of("Range", "bytes=99999999-"));
      assertEquals(416, past.statusCode(), past.bodyAsString());
      assertEquals("bytes */" + whole.bodyAsBuffer().length(), past.getHeader("Content-Range"));
      assertEquals(
          "range_not_satisfiable",
          past.bodyAsJsonObject().getJsonObject("error").getString("code"));
    }
  }

  /** The versioned path of the stylesheet index.html names. */
  private static String stylesheet(RunningServer server) {
    String index = server.call(HttpMethod.GET, "/", null, null, Map.of()).bodyAsString();
    Matcher css = Pattern.compile("/assets/[0-9a-f]+/css/[^\"]+\\.css").matcher(index);
    assertTrue(css.find(), index);
    return css.group();
  }

  private static void checkForms(RunningServer server, String path) {
    HttpResponse<Buffer> plain = get(server, path, false, Map.of());
    HttpResponse<Buffer> gzip = get(server, path, true, Map.of());
    assertEquals(200, plain.statusCode(), path);
    assertEquals(200, gzip.statusCode(), path);
    assertNull(plain.getHeader("Content-Encoding"), path);
    assertEquals("gzip", gzip.getHeader("Content-Encoding"), path);
    assertTrue(varies(plain) && varies(gzip), path + ": both forms vary by Accept-Encoding");
    String plainTag = plain.getHeader("ETag");
    String gzipTag = gzip.getHeader("ETag");
    assertNotNull(plainTag, path);
    assertNotNull(gzipTag, path);
    assertNotEquals(plainTag, gzipTag, path + ": a strong ETag names one form's bytes");
    String modified = plain.getHeader("Last-Modified");
    assertEquals(modified, gzip.getHeader("Last-Modified"), path + ": one file, one time");
    assertEquals(plain.getHeader("Cache-Control"), gzip.getHeader("Cache-Control"), path);

    // If-None-Match: a 304 only for the form the request would get
    HttpResponse<Buffer> sameGzip = get(server, path, true, Map.of("If-None-Match", gzipTag));
    assertEquals(304, sameGzip.statusCode(), path);
    assertEquals(gzipTag, sameGzip.getHeader("ETag"), path);
    assertTrue(varies(sameGzip), path);
    assertEquals(gzip.getHeader("Cache-Control"), sameGzip.getHeader("Cache-Control"), path);
    assertEquals(
        304, get(server, path, false, Map.of("If-None-Match", "W/" + plainTag)).statusCode());
    assertEquals(
        304, get(server, path, true, Map.of("If-None-Match", "\"x\", " + gzipTag)).statusCode());
    HttpResponse<Buffer> holdsPlain = get(server, path, true, Map.of("If-None-Match", plainTag));
    assertEquals(200, holdsPlain.statusCode(), path + ": it holds the plain form, gets gzip");
    assertEquals("gzip", holdsPlain.getHeader("Content-Encoding"), path);
    assertEquals(gzipTag, holdsPlain.getHeader("ETag"), path);
    HttpResponse<Buffer> holdsGzip = get(server, path, false, Map.of("If-None-Match", gzipTag));
    assertEquals(200, holdsGzip.statusCode(), path + ": it holds the gzip form, gets plain");
    assertNull(holdsGzip.getHeader("Content-Encoding"), path);
    // If-None-Match decides when present, whatever If-Modified-Since says
    assertEquals(
        200,
        get(server, path, true, Map.of("If-None-Match", plainTag, "If-Modified-Since", modified))
            .statusCode());

    // If-Modified-Since: the file's own time, for both forms
    for (boolean accepts : new boolean[] {false, true}) {
      assertEquals(
          304, get(server, path, accepts, Map.of("If-Modified-Since", modified)).statusCode());
      String before =
          DateTimeFormatter.RFC_1123_DATE_TIME.format(
              ZonedDateTime.parse(modified, DateTimeFormatter.RFC_1123_DATE_TIME).minusSeconds(1));
      assertEquals(
          200, get(server, path, accepts, Map.of("If-Modified-Since", before)).statusCode());
    }
  }

  private static HttpResponse<Buffer> get(
      RunningServer server, String path, boolean gzip, Map<String, String> headers) {
    return get(server, path, null, gzip, headers);
  }

  /** A GET with {@code key} (null for none), asking for gzip or not. */
  static HttpResponse<Buffer> get(
      RunningServer server, String path, String key, boolean gzip, Map<String, String> headers) {
    Map<String, String> all = new HashMap<>(headers);
    if (gzip) {
      all.put("Accept-Encoding", "gzip");
    }
    return server.call(HttpMethod.GET, path, key, null, all);
  }

  private static boolean varies(HttpResponse<Buffer> response) {
    return response.headers().getAll("Vary").stream()
        .flatMap(v -> List.of(v.split(",")).stream())
        .anyMatch(v -> v.trim().toLowerCase(Locale.ROOT).equals("accept-encoding"));
  }
}
