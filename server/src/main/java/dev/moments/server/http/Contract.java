package dev.moments.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * The served OpenAPI document, and the copy the router is built from. vertx-openapi cannot declare
 * a {@code text/csv} response, so the CSV report is routed by hand, as are the health check, the
 * Prometheus metrics and the document itself; the document describes them and the router's copy
 * leaves them out. Security is enforced by {@link AuthHandler} rather than by the router.
 */
final class Contract {
  static final String CSV_REPORT_PATH = "/api/v1/experiments/{key}/report.csv";

  /** Paths the document describes whose routes {@link ServerVerticle} makes by hand. */
  static final Set<String> HAND_ROUTED =
      Set.of(CSV_REPORT_PATH, "/health", "/api/v1/openapi.yaml", SdkScript.INFO_PATH);

  private Contract() {}

  /** The served document as JSON. */
  static JsonObject document(Buffer yaml) {
    Map<String, Object> document = new Yaml().load(yaml.toString());
    return new JsonObject(document);
  }

  static JsonObject routable(Buffer yaml) {
    return routable(document(yaml));
  }

  /** A copy of the document without the hand-made routes and security requirements. */
  static JsonObject routable(JsonObject document) {
    JsonObject spec = document.copy();
    JsonObject paths = spec.getJsonObject("paths");
    HAND_ROUTED.forEach(paths::remove);
    // Keys are checked by AuthHandler for every route, including hand-made ones, against the
    // permissions the served document names (AccessRules), so the router needs no security
    // handlers of its own.
    spec.remove("security");
    paths.forEach(
        path ->
            ((JsonObject) path.getValue())
                .forEach(
                    op -> {
                      if (op.getValue() instanceof JsonObject operation) {
                        operation.remove("security");
                      }
                    }));
    return spec;
  }
}
