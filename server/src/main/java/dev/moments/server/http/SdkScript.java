package dev.moments.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The JS SDK's {@code <script>} bundle, served by the server itself so that a page can load it
 * before the npm package is published: at {@code /sdk/v<version>/moments.min.js}, cached for a year
 * as immutable, with CORS for any origin (a cross-origin {@code <script integrity crossorigin>}
 * needs it), and its Subresource Integrity hash at {@code GET /api/v1/sdk/script}. The bytes are
 * the committed {@code sdk-js/release/} copy packaged into the jar. Read once at start-up.
 */
public final class SdkScript {
  static final String INFO_PATH = "/api/v1/sdk/script";
  private static final String RESOURCE = "sdk/";
  private final String version;
  private final Gzip.Precompressed bytes;
  private final String integrity;

  private SdkScript(String version, byte[] bytes) {
    this.version = version;
    this.bytes = Gzip.Precompressed.of(Buffer.buffer(bytes));
    this.integrity = integrity(bytes);
  }

  /** Reads the bundle and its version from the class path; blocking, so call it at start-up. */
  public static SdkScript load() {
    JsonObject release = new JsonObject(Buffer.buffer(resource("release.json")));
    String version = release.getString("version");
    if (version == null || !version.matches("[0-9]+\\.[0-9]+\\.[0-9]+[0-9A-Za-z.-]*")) {
      throw new IllegalStateException("sdk/release.json names no version: " + release.encode());
    }
    return new SdkScript(version, resource("moments.min.js"));
  }

  /** The SDK's version, e.g. {@code 0.1.0}. */
  public String version() {
    return version;
  }

  /** Where this server serves the bundle, e.g. {@code /sdk/v0.1.0/moments.min.js}. */
  public String path() {
    return "/sdk/v" + version + "/moments.min.js";
  }

  /** The bundle's Subresource Integrity value, {@code sha384-<base64>}. */
  public String integrity() {
    return integrity;
  }

  void mount(Router router) {
    router.get(path()).handler(this::bundle);
    router.get(INFO_PATH).handler(this::info);
  }

  private void bundle(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "text/javascript; charset=utf-8")
        .putHeader("Cache-Control", "public, max-age=" + Dashboard.YEAR_SECONDS + ", immutable")
        .putHeader("Access-Control-Allow-Origin", "*")
        .putHeader("Cross-Origin-Resource-Policy", "cross-origin");
    Gzip.end(ctx.request(), bytes);
  }

  private void info(RoutingContext ctx) {
    JsonObject body =
        new JsonObject()
            .put("version", version)
            .put("path", path())
            .put("integrity", integrity)
            .put(
                "tag",
                "<script src=\""
                    + path()
                    + "\" integrity=\""
                    + integrity
                    + "\" crossorigin=\"anonymous\"></script>");
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("Access-Control-Allow-Origin", "*");
    Gzip.end(ctx.request(), body.toBuffer());
  }

  static String integrity(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-384").digest(bytes);
      return "sha384-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = SdkScript.class.getClassLoader().getResourceAsStream(RESOURCE + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "the JS SDK bundle's "
                + RESOURCE
                + name
                + " is not on the class path (server/pom.xml packages sdk-js/release/)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
