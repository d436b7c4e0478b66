package dev.moments.server.http;

import dev.moments.server.auth.Permission;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which permission each operation needs, read from the contract: an operation's {@code security}
 * requirements name it as a role ({@code - bearer: [edit]}). An operation under /api/v1 that names
 * none stops the server at start, so a new route cannot go out without a rule.
 */
final class AccessRules {
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options");

  /** One operation: the permissions any one of which allows it, and whether ?key= may carry it. */
  record Rule(String operationId, Set<Permission> anyOf, boolean queryKey) {}

  private final PathTable<Map<HttpMethod, Rule>> paths;
  // isSdkPath runs on every request (CORS): decided once per path, not per request
  private final PathTable<Boolean> sdkPaths;

  private AccessRules(Map<String, Map<HttpMethod, Rule>> byPath) {
    this.paths = PathTable.of(byPath);
    Map<String, Boolean> sdk = new LinkedHashMap<>();
    byPath.forEach(
        (path, ops) ->
            sdk.put(path, ops.values().stream().anyMatch(r -> r.anyOf().contains(Permission.SDK))));
    this.sdkPaths = PathTable.of(sdk);
  }

  static AccessRules from(JsonObject contract) {
    Map<String, Map<HttpMethod, Rule>> byPath = new LinkedHashMap<>();
    JsonObject paths = contract.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      Map<HttpMethod, Rule> operations = new LinkedHashMap<>();
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (METHODS.contains(method)) {
          operations.put(
              HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)),
              rule(path, item.getJsonObject(method)));
        }
      }
      byPath.put(path, Map.copyOf(operations));
    }
    return new AccessRules(byPath);
  }

  /** The operation of this method and path, if the contract has one. */
  Optional<Rule> operation(HttpMethod method, String path) {
    return paths.find(path).map(operations -> operations.get(method));
  }

  /** The operations of a contract path by method; null for a path outside the contract. */
  Map<HttpMethod, Rule> operationsAt(String path) {
    return paths.get(path);
  }

  /**
   * The permissions any one of which lets a caller through to this request. A path of the contract
   * called with another method needs what one of its operations needs (the caller then learns the
   * method is not allowed); a path outside the contract needs READ (the caller learns it is not
   * there).
   */
  Set<Permission> required(HttpMethod method, String path) {
    return required(paths.get(path), method);
  }

  /**
   * As {@link #required(HttpMethod, String)}, for the operations {@link #operationsAt} found (a
   * request's path looked up once).
   */
  static Set<Permission> required(Map<HttpMethod, Rule> operations, HttpMethod method) {
    if (operations == null) {
      return READ_ONLY;
    }
    Rule rule = operations.get(method);
    if (rule != null) {
      return rule.anyOf();
    }
    Set<Permission> any = EnumSet.noneOf(Permission.class);
    operations.values().forEach(r -> any.addAll(r.anyOf()));
    return any;
  }

  private static final Set<Permission> READ_ONLY = Set.of(Permission.READ);

  /**
   * Whether web pages call this path with the public client key: one of its operations needs {@code
   * sdk} ({@link CorsPolicy} answers any origin there).
   */
  boolean isSdkPath(String path) {
    return sdkPaths.get(path) == Boolean.TRUE;
  }

  private static Rule rule(String path, JsonObject operation) {
    String id = operation.getString("operationId");
    JsonArray security = operation.getJsonArray("security");
    Set<Permission> anyOf = EnumSet.noneOf(Permission.class);
    boolean queryKey = false;
    if (security != null) {
      for (Object requirement : security) {
        for (Map.Entry<String, Object> scheme : (JsonObject) requirement) {
          queryKey |= scheme.getKey().equals("queryKey");
          for (Object role : (JsonArray) scheme.getValue()) {
            anyOf.add(
                Permission.fromWire(String.valueOf(role))
                    .orElseThrow(
                        () ->
                            new IllegalStateException(
                                "openapi.yaml: operation "
                                    + id
                                    + " names an unknown permission '"
                                    + role
                                    + "'")));
          }
        }
      }
    }
    // `security: []` says, on purpose, that anyone may call it (health, metrics, this document)
    if (anyOf.isEmpty() && (security == null || !security.isEmpty())) {
      throw new IllegalStateException(
          "openapi.yaml: operation "
              + id
              + " ("
              + path
              + ") names no permission; give it `security: [{bearer: [read|edit|manage|sdk]}]`");
    }
    return new Rule(id, Set.copyOf(anyOf), queryKey);
  }
}
