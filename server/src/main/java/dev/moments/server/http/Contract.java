package dev.moments.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The served OpenAPI document, and the copy the router is built from. vertx-openapi cannot declare
 * a {@code text/csv} response, so the CSV report is routed by hand and left out of the router's
 * copy only; security is enforced by {@link AuthHandler} rather than by the router.
 */
final class Contract {
  static final String CSV_REPORT_PATH = "/api/v1/experiments/{key}/report.csv";

  private Contract() {}

  /** The document as served, parsed. */
  static JsonObject served(Buffer yaml) {
    Map<String, Object> document = new Yaml().load(yaml.toString());
    return new JsonObject(document);
  }

  static JsonObject routable(Buffer yaml) {
    JsonObject spec = served(yaml);
    JsonObject paths = spec.getJsonObject("paths");
    paths.remove(CSV_REPORT_PATH);
    // Keys are checked by AuthHandler for every route, including hand-made ones, so the router
    // needs no
    // security handlers of its own.
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
