package dev.moments.server.http;

import dev.moments.server.auth.Permission;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which permission each operation needs, read from the contract: an operation's {@code security}
 * requirements name it as a role ({@code - bearer: [edit]}). An operation under /api/v1 that names
 * none stops the server at start, so a new route cannot go out without a rule.
 */
final class AccessRules {
  private static final Pattern PARAMETER = Pattern.compile("\\{[^}/]+}");
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options");

  /** One operation: the permissions any one of which allows it, and whether ?key= may carry it. */
  record Rule(String operationId, Set<Permission> anyOf, boolean queryKey) {}

  private record Template(Pattern pattern, int parameters, Map<HttpMethod, Rule> operations) {}

  private final List<Template> templates;

  /**
   * Paths without parameters, with and without the trailing slash: the hottest routes ({@code
   * /assign}, {@code /events}, {@code /sdk/config}) are found by one hash look-up instead of a
   * regular expression per route of the contract.
   */
  private final Map<String, Template> literal;

  private AccessRules(List<Template> templates, Map<String, Template> literal) {
    this.templates = templates;
    this.literal = literal;
  }

  static AccessRules from(JsonObject contract) {
    List<Template> templates = new ArrayList<>();
    Map<String, Template> literal = new HashMap<>();
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
      Template template =
          new Template(pattern(path), (int) PARAMETER.matcher(path).results().count(), operations);
      templates.add(template);
      if (template.parameters() == 0) {
        literal.put(path, template);
        literal.put(path + "/", template);
      }
    }
    // A literal segment wins over a parameter, as in the router ("/a/b" before "/a/{x}").
    templates.sort(Comparator.comparingInt(Template::parameters));
    return new AccessRules(List.copyOf(templates), Map.copyOf(literal));
  }

  /** The operation of this method and path, if the contract has one. */
  Optional<Rule> operation(HttpMethod method, String path) {
    return template(path).map(t -> t.operations().get(method));
  }

  /**
   * The permissions any one of which lets a caller through to this request. A path of the contract
   * called with another method needs what one of its operations needs (the caller then learns the
   * method is not allowed); a path outside the contract needs READ (the caller learns it is not
   * there).
   */
  Set<Permission> required(HttpMethod method, String path) {
    Optional<Template> template = template(path);
    if (template.isEmpty()) {
      return EnumSet.of(Permission.READ);
    }
    Rule rule = template.get().operations().get(method);
    if (rule != null) {
      return rule.anyOf();
    }
    Set<Permission> any = EnumSet.noneOf(Permission.class);
    template.get().operations().values().forEach(r -> any.addAll(r.anyOf()));
    return any;
  }

  private Optional<Template> template(String path) {
    Template exact = literal.get(path);
    if (exact != null) {
      return Optional.of(exact);
    }
    for (Template t : templates) {
      if (t.pattern().matcher(path).matches()) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
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

  /** "/api/v1/experiments/{key}/start" as a pattern; the router also takes a trailing slash. */
  private static Pattern pattern(String path) {
    StringBuilder regex = new StringBuilder();
    Matcher m = PARAMETER.matcher(path);
    int at = 0;
    while (m.find()) {
      regex.append(Pattern.quote(path.substring(at, m.start()))).append("[^/]+");
      at = m.end();
    }
    regex.append(Pattern.quote(path.substring(at))).append("/?");
    return Pattern.compile(regex.toString());
  }
}
