package dev.moments.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 item 2: the server serves the JS SDK's script bundle at a versioned, immutable URL, with
 * its Subresource Integrity hash at GET /api/v1/sdk/script (no key). The browser side (a page on
 * another origin loading it with integrity and crossorigin) is sdk-js's install.test.mjs.
 */
class SdkScriptIT {
  @Test
  void theBundleIsTheCommittedReleaseServedImmutableWithItsIntegrity() throws Exception {
    try (RunningServer server = RunningServer.start()) {
      servesTheBundle(server);
      refusesOtherVersionsAndMethods(server);
    }
  }

  private static void servesTheBundle(RunningServer server) throws Exception {
    HttpResponse<Buffer> info = server.call(HttpMethod.GET, "/api/v1/sdk/script", null, null);
    assertEquals(200, info.statusCode(), info.bodyAsString());
    JsonObject script = info.bodyAsJsonObject();
    Path release = Path.of("..", "sdk-js", "release");
    String version =
        new JsonObject(Files.readString(release.resolve("release.json"))).getString("version");
    assertEquals(version, script.getString("version"));
    assertEquals("/sdk/v" + version + "/moments.min.js", script.getString("path"));

    HttpResponse<Buffer> bundle = server.call(HttpMethod.GET, script.getString("path"), null, null);
    assertEquals(200, bundle.statusCode());
    byte[] bytes = bundle.bodyAsBuffer().getBytes();
    assertArrayEquals(Files.readAllBytes(release.resolve("moments.min.js")), bytes);
    assertEquals(SdkScript.integrity(bytes), script.getString("integrity"));
    assertTrue(script.getString("integrity").matches("sha384-[A-Za-z0-9+/]{64}"));
    assertTrue(bundle.getHeader("Content-Type").startsWith("text/javascript"));
    assertEquals("public, max-age=31536000, immutable", bundle.getHeader("Cache-Control"));
    assertEquals("*", bundle.getHeader("Access-Control-Allow-Origin"));
    assertTrue(
        script.getString("tag").contains("integrity=\"" + script.getString("integrity") + "\""));
  }

  private static void refusesOtherVersionsAndMethods(RunningServer server) {
    HttpResponse<Buffer> missing =
        server.call(HttpMethod.GET, "/sdk/v0.0.0-nope/moments.min.js", null, null);
    assertEquals(404, missing.statusCode());
    HttpResponse<Buffer> post =
        server.call(HttpMethod.POST, "/api/v1/sdk/script", null, new JsonObject());
    assertEquals(405, post.statusCode(), post.bodyAsString());
    assertEquals(
        "method_not_allowed",
        post.bodyAsJsonObject().getJsonObject("error").getString("code"),
        post.bodyAsString());
  }
}
