package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * /sdk/config's two forms (gzip and plain) and their validators, as {@link DashboardValidatorsIT}
 * for the dashboard's files: before, both forms said one ETag, so a cache holding the gzip form got
 * a 304 for a request without Accept-Encoding (and served it gzip bytes), and the other way round.
 */
class SdkConfigValidatorsIT {
  private static final String PATH = "/api/v1/sdk/config";

  @Test
  void eachFormHasItsOwnETagAndA304OnlyForItself() {
    try (RunningServer server = RunningServer.start(TestDatabase.fresh(), true)) {
      // a configuration large enough to be sent gzip-encoded (Gzip.MIN_BYTES)
      for (int i = 0; i < 6; i++) {
        server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.v" + i, "FMOT"));
        server.admin(POST, "/api/v1/experiments", Fixtures.experiment("v" + i, "fmot.v" + i));
        server.admin(POST, "/api/v1/experiments/v" + i + "/start", null);
      }
      String key = server.newKey("client");
      server.awaitConfig(c -> c.encode().length() >= Gzip.MIN_BYTES);
      HttpResponse<Buffer> plain = get(server, key, false, Map.of());
      HttpResponse<Buffer> gzip = get(server, key, true, Map.of());
      assertEquals(200, plain.statusCode(), plain.bodyAsString());
      assertEquals(200, gzip.statusCode());
      assertTrue(plain.bodyAsBuffer().length() >= Gzip.MIN_BYTES, "large enough for gzip");
      assertNull(plain.getHeader("Content-Encoding"));
      assertEquals("gzip", gzip.getHeader("Content-Encoding"));
      String plainTag = plain.getHeader("ETag");
      String gzipTag = gzip.getHeader("ETag");
      assertEquals(
          "\"" + plain.bodyAsJsonObject().getString("version") + "\"",
          plainTag,
          "the plain form's ETag is still the config's version");
      assertNotEquals(plainTag, gzipTag, "a strong ETag names one form's bytes");

      HttpResponse<Buffer> sameGzip = get(server, key, true, Map.of("If-None-Match", gzipTag));
      assertEquals(304, sameGzip.statusCode());
      assertEquals(gzipTag, sameGzip.getHeader("ETag"));
      assertEquals(304, get(server, key, false, Map.of("If-None-Match", plainTag)).statusCode());
      assertEquals(
          304, get(server, key, false, Map.of("If-None-Match", "W/" + plainTag)).statusCode());
      assertEquals(
          304, get(server, key, true, Map.of("If-None-Match", "\"x\", " + gzipTag)).statusCode());

      HttpResponse<Buffer> holdsPlain = get(server, key, true, Map.of("If-None-Match", plainTag));
      assertEquals(200, holdsPlain.statusCode(), "it holds the plain form, gets gzip");
      assertEquals("gzip", holdsPlain.getHeader("Content-Encoding"));
      assertEquals(gzipTag, holdsPlain.getHeader("ETag"));
      HttpResponse<Buffer> holdsGzip = get(server, key, false, Map.of("If-None-Match", gzipTag));
      assertEquals(200, holdsGzip.statusCode(), "it holds the gzip form, gets plain");
      assertNull(holdsGzip.getHeader("Content-Encoding"));
      assertEquals(plainTag, holdsGzip.getHeader("ETag"));
    }
  }

  private static HttpResponse<Buffer> get(
      RunningServer server, String key, boolean gzip, Map<String, String> headers) {
    return DashboardValidatorsIT.get(server, PATH, key, gzip, headers);
  }
}
