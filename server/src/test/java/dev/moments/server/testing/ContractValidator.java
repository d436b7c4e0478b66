package dev.moments.server.testing;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks real responses against the server's {@code openapi.yaml}: every response {@link
 * RunningServer} receives goes through {@link #check}, so a response that drifts from the document
 * (a field missing, renamed, of another type, or not described at all) fails the test that got it.
 * JSON bodies are validated by vertx-openapi's {@link ResponseValidator}; the few non-JSON ones
 * (the CSV report, Prometheus text, the document itself) by their documented media type.
 */
public final class ContractValidator {
  private static final Set<String> NOT_JSON = Set.of("text/csv", "text/plain", "application/yaml");
  private static ContractValidator instance;

  private final JsonObject raw;
  private final OpenAPIContract contract;
  private final ResponseValidator validator;

  private ContractValidator(Vertx vertx, JsonObject raw) {
    this.raw = raw;
    this.contract = OpenAPIContract.from(vertx, validatable(raw)).await();
    this.validator = ResponseValidator.create(vertx, contract);
  }

  /** One per test JVM, on a Vert.x instance of its own that outlives any test server. */
  public static synchronized ContractValidator get() {
    if (instance == null) {
      Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
      instance = new ContractValidator(vertx, document());
    }
    return instance;
  }

  /** The served document, as the server's classpath holds it. */
  public static JsonObject document() {
    try (InputStream in = ContractValidator.class.getResourceAsStream("/openapi.yaml")) {
      Map<String, Object> yaml =
          new Yaml().load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return new JsonObject(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The document with its non-JSON media types left out (vertx-openapi refuses to load them); those
   * responses are checked by content type only.
   */
  private static JsonObject validatable(JsonObject document) {
    JsonObject copy = document.copy();
    copy.getJsonObject("paths")
        .forEach(
            path ->
                ((JsonObject) path.getValue())
                    .forEach(
                        op -> {
                          if (op.getValue() instanceof JsonObject operation
                              && operation.containsKey("responses")) {
                            operation
                                .getJsonObject("responses")
                                .forEach(r -> dropNonJson(r.getValue()));
                          }
                        }));
    copy.getJsonObject("components")
        .getJsonObject("responses")
        .forEach(r -> dropNonJson(r.getValue()));
    return copy;
  }

  private static void dropNonJson(Object response) {
    if (response instanceof JsonObject r && r.containsKey("content")) {
      NOT_JSON.forEach(r.getJsonObject("content")::remove);
      if (r.getJsonObject("content").isEmpty()) {
        r.remove("content");
      }
    }
  }

  /**
   * Fails when the response is not what the document says this route answers with this status.
   *
   * @return the operation id and status, e.g. {@code "createKey 201"}, or null for a path the
   *     document does not describe (static files, unknown routes answering an error)
   */
  public String check(HttpMethod method, String uri, HttpResponse<Buffer> response) {
    String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
    Operation operation = contract.findOperation(path, method);
    int status = response.statusCode();
    if (operation == null) {
      if (path.startsWith("/api/v1/") && status < 400) {
        throw new AssertionError(
            method + " " + path + " answered " + status + " but the contract has no such route");
      }
      return null;
    }
    String id = operation.getOperationId();
    JsonObject documented = documentedResponse(operation, status);
    if (documented == null) {
      throw new AssertionError(id + " answered " + status + ", which the contract does not list");
    }
    String contentType = response.getHeader("Content-Type");
    JsonObject content = documented.getJsonObject("content");
    if (content == null) {
      if (response.body() != null && response.body().length() > 0) {
        throw new AssertionError(id + " " + status + " has a body the contract does not describe");
      }
      return id + " " + status;
    }
    String mediaType = content.fieldNames().iterator().next();
    if (NOT_JSON.contains(mediaType)) {
      if (contentType == null || !contentType.startsWith(mediaType)) {
        throw new AssertionError(
            id + " " + status + ": Content-Type " + contentType + ", documented " + mediaType);
      }
      return id + " " + status;
    }
    Map<String, String> headers = new HashMap<>();
    response.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
    try {
      validator
          .validate(
              ValidatableResponse.create(
                  status,
                  headers,
                  response.body() == null ? Buffer.buffer() : response.body(),
                  contentType),
              id)
          .await();
    } catch (SchemaValidationException e) {
      throw new AssertionError(
          id
              + " "
              + status
              + " drifts from the contract: "
              + describe(e.getOutputUnit())
              + "\n"
              + response.bodyAsString(),
          e);
    } catch (RuntimeException e) {
      throw new AssertionError(
          id
              + " "
              + status
              + " drifts from the contract: "
              + e.getMessage()
              + "\n"
              + response.bodyAsString(),
          e);
    }
    return id + " " + status;
  }

  /**
   * Fails when a JSON body built outside a request (a report at another clock's day, say) is not
   * what the operation answers with this status.
   */
  public void checkBody(String operationId, int status, JsonObject body) {
    try {
      validator
          .validate(
              ValidatableResponse.create(
                  status,
                  Map.of("Content-Type", "application/json"),
                  body.toBuffer(),
                  "application/json"),
              operationId)
          .await();
    } catch (RuntimeException e) {
      throw new AssertionError(
          operationId + " " + status + " drifts from the contract: " + e.getMessage(), e);
    }
  }

  /** The response the raw document lists for this status, or its default; null when neither. */
  private JsonObject documentedResponse(Operation operation, int status) {
    JsonObject responses =
        raw.getJsonObject("paths")
            .getJsonObject(operation.getOpenAPIPath())
            .getJsonObject(operation.getHttpMethod().name().toLowerCase())
            .getJsonObject("responses");
    Object found = responses.getValue(String.valueOf(status));
    if (found == null) {
      found = responses.getValue("default");
    }
    if (!(found instanceof JsonObject response)) {
      return null;
    }
    if (response.containsKey("$ref")) {
      String name = response.getString("$ref").substring("#/components/responses/".length());
      return raw.getJsonObject("components").getJsonObject("responses").getJsonObject(name);
    }
    return response;
  }

  private static String describe(OutputUnit unit) {
    if (unit == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    if (unit.getErrors() != null) {
      unit.getErrors()
          .forEach(
              e ->
                  out.append(e.getInstanceLocation())
                      .append(": ")
                      .append(e.getError())
                      .append("; "));
    }
    if (out.isEmpty()) {
      out.append(unit.getInstanceLocation()).append(": ").append(unit.getError());
    }
    return out.toString();
  }
}
