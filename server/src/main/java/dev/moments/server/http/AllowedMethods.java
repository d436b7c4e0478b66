package dev.moments.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The methods each API resource answers, read from the served contract: a request with another
 * method gets 405 with that resource's own {@code Allow}, before authentication (the contract is
 * public). Paths that are not API resources are left to the router.
 */
final class AllowedMethods implements Handler<RoutingContext> {
  private static final String ALLOW = "moments.allow";
  private static final List<HttpMethod> ORDER =
      List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private record Resource(Set<HttpMethod> methods, String allow) {}

  private final PathTable<Resource> resources;

  private AllowedMethods(PathTable<Resource> resources) {
    this.resources = resources;
  }

  /**
   * @param contract the OpenAPI document as served
   * @param extra routes outside the contract, path to methods
   */
  static AllowedMethods of(JsonObject contract, Map<String, Set<HttpMethod>> extra) {
    Map<String, Set<HttpMethod>> paths = new LinkedHashMap<>(extra);
    contract
        .getJsonObject("paths")
        .forEach(
            path ->
                paths.put(
                    path.getKey(),
                    ((JsonObject) path.getValue())
                        .fieldNames().stream()
                            .map(m -> HttpMethod.valueOf(m.toUpperCase()))
                            .filter(ORDER::contains)
                            .collect(Collectors.toSet())));
    Map<String, Resource> resources = new LinkedHashMap<>();
    paths.forEach(
        (path, methods) ->
            resources.put(
                path,
                new Resource(
                    Set.copyOf(methods),
                    ORDER.stream()
                        .filter(methods::contains)
                        .map(HttpMethod::name)
                        .collect(Collectors.joining(", ")))));
    return new AllowedMethods(PathTable.of(resources));
  }

  @Override
  public void handle(RoutingContext ctx) {
    Resource r = resources.get(ctx.normalizedPath());
    if (r == null) {
      ctx.next();
    } else {
      answer(ctx, r);
    }
  }

  private static void answer(RoutingContext ctx, Resource r) {
    if (r.methods.contains(ctx.request().method())) {
      ctx.next();
    } else {
      ctx.put(ALLOW, r.allow);
      ctx.fail(405);
    }
  }

  /** The Allow header of a 405: the resource's methods; static files only answer GET. */
  static String allowHeader(RoutingContext ctx) {
    String allow = ctx.get(ALLOW);
    return allow == null ? "GET" : allow;
  }
}
