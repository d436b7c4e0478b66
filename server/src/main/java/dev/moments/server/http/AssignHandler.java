package dev.moments.server.http;

import dev.moments.sdk.Assigner;
import dev.moments.sdk.Assignment;
import dev.moments.server.assignment.ConfigCache;
import dev.moments.server.assignment.SdkConfig;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.events.Event;
import dev.moments.server.events.EventWriter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * POST /api/v1/assign: evaluates the cached config with the SDK's own core. An exposure means the
 * visitor was shown the variant, so exposures are logged only for the moments the request names in
 * {@code moments} (the caller is about to show them); without {@code moments} every assignment is
 * returned and none is logged, each marked {@code "logged": false}, and the caller sends an {@code
 * exposure} event for what it shows. The answer comes once the logged exposures are committed (they
 * join the group commit of events). Exposure ids are deterministic per unit, experiment and
 * variant, so asking again stores nothing new, while a unit seen in a second variant shows up as a
 * multiple exposure in the report.
 *
 * <p>While the database is away it assigns from the last good configuration (marked stale, see
 * {@link SdkConfigHandler#STALE_HEADER}); a request that logs exposures then answers 503, because
 * its exposures cannot be committed (nothing reached the statistics; asking again is safe). A
 * request that logs none needs no write and answers 200.
 */
final class AssignHandler {
  private final ConfigCache cache;
  private final EventWriter writer;
  private final Clock clock;
  private final RateLimits limits;

  AssignHandler(ConfigCache cache, EventWriter writer, Clock clock, RateLimits limits) {
    this.cache = cache;
    this.writer = writer;
    this.clock = clock;
    this.limits = limits;
  }

  void post(RoutingContext ctx) {
    OptionalLong wait = limits.assign(AuthHandler.caller(ctx));
    if (wait.isPresent()) {
      ctx.fail(RateLimits.exceeded("requests to /assign", wait.getAsLong()));
      return;
    }
    AssignRequest request;
    try {
      request = AssignRequest.parse(ctx.body().buffer());
    } catch (InvalidException e) {
      ctx.fail(e);
      return;
    }
    String unitId = request.unitId();
    Map<String, Object> attributes =
        attributes(request.attributes(), ctx.queryParams().get("force"));
    cache
        .current()
        .compose(
            current -> {
              SdkConfigHandler.markStale(ctx.response(), current);
              SdkConfig config = current.config();
              List<Assignment> assignments = assign(config, unitId, attributes, request.moments());
              boolean log = request.moments() != null;
              List<Event> exposures =
                  log ? exposures(assignments, unitId, request.attributes()) : List.of();
              JsonObject response = response(config, unitId, assignments, log);
              return exposures.isEmpty()
                  ? io.vertx.core.Future.succeededFuture(response)
                  : writer.append(exposures).map(written -> response);
            })
        .onSuccess(response -> Responses.json(ctx, 200, response))
        .onFailure(ctx::fail);
  }

  /**
   * The request's attributes as they are; copied only when a ?force= parameter must be added to
   * them.
   */
  private static Map<String, Object> attributes(JsonObject given, String forceParam) {
    Map<String, Object> attributes = given == null ? Map.of() : given.getMap();
    if (forceParam == null || forceParam.isBlank()) {
      return attributes;
    }
    Map<String, Object> withForce = new HashMap<>(attributes);
    Object existing = withForce.get("force");
    withForce.put("force", existing == null ? forceParam : existing + "," + forceParam);
    return withForce;
  }

  private static List<Assignment> assign(
      SdkConfig config, String unitId, Map<String, Object> attributes, List<String> moments) {
    if (moments == null) {
      return Assigner.assignAll(config.assignment(), unitId, attributes);
    }
    List<Assignment> result = new ArrayList<>();
    for (String moment : moments) {
      Assignment a = Assigner.assign(config.assignment(), moment, unitId, attributes);
      if (a != null) {
        result.add(a);
      }
    }
    return result;
  }

  private List<Event> exposures(
      List<Assignment> assignments, String unitId, JsonObject attributes) {
    List<Event> events = new ArrayList<>(assignments.size());
    Instant now = clock.instant();
    for (Assignment a : assignments) {
      if (a.rollout()) {
        continue;
      }
      String id = "~assign:" + a.experiment() + "/" + a.variant() + "/" + unitId;
      events.add(
          Event.exposure(id, unitId, a.experiment(), a.variant(), now, a.forced(), attributes));
    }
    return events;
  }

  /** Each assignment, saying whether its exposure was logged (never for a rollout). */
  private static JsonObject response(
      SdkConfig config, String unitId, List<Assignment> assignments, boolean logged) {
    JsonArray list = new JsonArray();
    for (Assignment a : assignments) {
      JsonObject item =
          new JsonObject()
              .put("moment", a.moment())
              .put("experiment", a.experiment())
              .put("variant", a.variant())
              .put("payload", config.payload(a.experiment(), a.variant()))
              .put("logged", logged && !a.rollout());
      if (a.forced()) {
        item.put("forced", true);
      }
      if (a.rollout()) {
        item.put("rollout", true);
      }
      list.add(item);
    }
    return new JsonObject().put("unitId", unitId).put("assignments", list);
  }
}
