package dev.moments.server.http;

import dev.moments.sdk.Assigner;
import dev.moments.sdk.Assignment;
import dev.moments.sdk.StickyLookup;
import dev.moments.server.assignment.ConfigCache;
import dev.moments.server.assignment.ExposureCache;
import dev.moments.server.assignment.SdkConfig;
import dev.moments.server.auth.Caller;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.events.Admission;
import dev.moments.server.events.Event;
import dev.moments.server.events.EventWriter;
import dev.moments.server.experiment.TargetingAttributes;
import dev.moments.server.rollup.RollupReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
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
 * join the group commit of events). Exposure ids are deterministic per unit, experiment, variant
 * and kind (hash, forced, ad), so asking again stores nothing new, while a unit seen in a second
 * variant shows up as a multiple exposure in the report. An exposure the request makes not count (a
 * crawler, an unsigned force or ad click from the client key) gets an id of its own, so it can
 * never take the place of the unit's real exposure. A repeat whose counted exposure this process
 * knows to be committed ({@link ExposureCache}) writes nothing at all. A unit that came through an
 * ad click keeps that ad variant on later visits: the server answers the standing the fold recorded
 * (its exposure is already on record, so nothing new is logged).
 *
 * <p>While the database is away it assigns from the last good configuration (marked stale, see
 * {@link SdkConfigHandler#STALE_HEADER}); a request that logs exposures then answers 503, because
 * its exposures cannot be committed (nothing reached the statistics; asking again is safe). A
 * request that logs none needs no write and answers 200.
 */
final class AssignHandler {
  private final ConfigCache cache;
  private final EventWriter writer;
  private final RollupReader rollups;
  private final Clock clock;
  private final RememberedAds ads;
  private final AssignExposures exposureLog;
  private final RateLimits limits;
  private final TargetingAttributes seenAttributes;
  private final ExposureCache committed;
  private final Counter writes;
  private final AssignAnswers answers = new AssignAnswers();

  AssignHandler(
      ConfigCache cache,
      EventWriter writer,
      Admission admission,
      RollupReader rollups,
      Clock clock,
      RateLimits limits,
      TargetingAttributes seenAttributes,
      ExposureCache committed,
      MeterRegistry metrics) {
    this.committed = committed;
    this.writes =
        Counter.builder("moments.assign.exposure.writes")
            .description("/assign requests that wrote exposures (a known repeat writes none)")
            .register(metrics);
    this.cache = cache;
    this.writer = writer;
    this.ads = new RememberedAds(rollups);
    this.exposureLog = new AssignExposures(admission, clock);
    this.rollups = rollups;
    this.clock = clock;
    this.limits = limits;
    this.seenAttributes = seenAttributes;
  }

  /** False, the request failed with 429, when the caller's key is over its quota of /assign. */
  boolean withinQuota(RoutingContext ctx) {
    OptionalLong wait = limits.assign(AuthHandler.caller(ctx), RateLimits.client(ctx.request()));
    if (wait.isPresent()) {
      ctx.fail(RateLimits.exceeded("requests to /assign", wait.getAsLong()));
      return false;
    }
    return true;
  }

  void post(RoutingContext ctx) {
    if (!withinQuota(ctx)) {
      return;
    }
    AssignRequest request;
    Caller caller;
    try {
      request = AssignRequest.parse(ctx.body().buffer());
      caller = AuthHandler.caller(ctx);
    } catch (InvalidException | ApiException e) {
      ctx.fail(e);
      return;
    }
    String unitId = request.unitId();
    if (request.attributes() != null) {
      seenAttributes.record(request.attributes().fieldNames(), clock.instant());
    }
    // an SDK's request has no query: nothing to decode nor add
    Map<String, Object> attributes =
        ctx.request().query() == null
            ? withQuery(request.attributes(), Map.of())
            : withQuery(
                request.attributes(),
                Map.of(
                    "force",
                    nullToEmpty(ctx.queryParams().get("force")),
                    Admission.SIG_ATTRIBUTE,
                    nullToEmpty(ctx.queryParams().get("sig"))));
    boolean log = request.moments() != null;
    assign(ctx, caller, unitId, request.attributes(), attributes, request.moments())
        .onSuccess(
            a -> Responses.json(ctx, 200, answers.encode(a.config(), unitId, a.assignments(), log)))
        .onFailure(ctx::fail);
  }

  /** What one assignment decided: the configuration it read and the assignments answered. */
  record Assigned(SdkConfig config, List<Assignment> assignments) {}

  /**
   * Assigns the unit to the named moments and logs their exposures (every moment and no exposure
   * when {@code moments} is null); done once the exposures are committed.
   *
   * @param given the attributes as sent, stored with the exposures
   * @param attributes those with the query's force and signature added, for the assignment
   */
  Future<Assigned> assign(
      RoutingContext ctx,
      Caller caller,
      String unitId,
      JsonObject given,
      Map<String, Object> attributes,
      List<String> moments) {
    String userAgent = ctx.request().getHeader("User-Agent");
    return cache
        .current()
        .compose(
            current -> {
              SdkConfigHandler.markStale(ctx.response(), current);
              SdkConfig config = current.config();
              return stored(unitId, stickyExperiments(config, moments))
                  .compose(
                      lookup ->
                          ads.apply(
                              config,
                              unitId,
                              assign(config, unitId, attributes, moments, lookup),
                              moments))
                  .compose(
                      answer -> {
                        List<Event> exposures =
                            moments != null
                                ? exposureLog.of(
                                    config, answer, unitId, moments, given, caller, userAgent)
                                : List.of();
                        Assigned assigned = new Assigned(config, answer.assignments());
                        List<Event> toWrite = committed.unknown(exposures);
                        if (toWrite.isEmpty()) {
                          return Future.succeededFuture(assigned);
                        }
                        writes.increment();
                        return writer
                            .append(toWrite)
                            .map(
                                written -> {
                                  committed.remember(toWrite);
                                  return assigned;
                                });
                      });
            });
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /**
   * The request's attributes as they are; copied only when a query parameter ({@code ?force=},
   * {@code ?sig=}) must be added to them.
   */
  private static Map<String, Object> withQuery(JsonObject given, Map<String, String> query) {
    Map<String, Object> attributes = given == null ? Map.of() : given.getMap();
    Map<String, Object> merged = null;
    for (Map.Entry<String, String> q : query.entrySet()) {
      if (q.getValue().isBlank()) {
        continue;
      }
      merged = merged == null ? new HashMap<>(attributes) : merged;
      Object existing = merged.get(q.getKey());
      merged.put(q.getKey(), existing == null ? q.getValue() : existing + "," + q.getValue());
    }
    return merged == null ? attributes : merged;
  }

  private static List<String> stickyExperiments(SdkConfig config, List<String> moments) {
    List<String> experiments = new ArrayList<>();
    for (String moment : moments == null ? config.assignment().moments() : moments) {
      experiments.addAll(config.runningStickyExperiments(moment));
    }
    return experiments;
  }

  /**
   * The unit's first counted variant in each running sticky experiment it may meet: from the
   * exposure cache, and for what it does not know from one database read, whose standings it then
   * keeps (a known unit costs no read). An exposure still waiting in the fold's inbox answers this
   * request only: the exposure /assign then logs is the unit's own, kept once written.
   */
  private Future<StickyLookup> stored(String unitId, List<String> experiments) {
    if (experiments.isEmpty()) {
      return Future.succeededFuture(StickyLookup.NONE);
    }
    Map<String, String> known = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (String experiment : experiments) {
      String variant = committed.variantOf(experiment, unitId);
      if (variant != null) {
        known.put(experiment, variant);
      } else {
        missing.add(experiment);
      }
    }
    if (missing.isEmpty()) {
      return Future.succeededFuture(known::get);
    }
    return rollups
        .firstExposures(unitId, missing)
        .map(
            found -> {
              // only the fold's standings are kept: an exposure still waiting in the inbox may yet
              // be left out (dated while paused, refused), and kept it would stand for the unit's
              // counted one, so /assign would log none, then or later (the unit never counted)
              found.counted().forEach((e, v) -> committed.rememberFirst(e, unitId, v));
              known.putAll(found.waiting());
              known.putAll(found.counted());
              return known::get;
            });
  }

  private static List<Assignment> assign(
      SdkConfig config,
      String unitId,
      Map<String, Object> attributes,
      List<String> moments,
      StickyLookup stored) {
    if (moments == null) {
      return Assigner.assignAll(config.assignment(), unitId, attributes, stored);
    }
    List<Assignment> result = new ArrayList<>();
    for (String moment : moments) {
      Assignment a = Assigner.assign(config.assignment(), moment, unitId, attributes, stored);
      if (a != null) {
        result.add(a);
      }
    }
    return result;
  }
}
