package dev.moments.server.http;

import dev.moments.sdk.Assignment;
import dev.moments.sdk.UnitIds;
import dev.moments.server.assignment.SdkConfig;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.experiment.ExperimentRules;
import io.vertx.core.MultiMap;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * GET /r/{moment}: a split-URL test decided by the server, so that an ad's final URL can point at
 * Moments and a visitor who leaves before any script runs is still counted. It assigns the unit
 * (from {@code ?unit=}, else the JS SDK's first-party cookie {@code moments_id}, else a new id set
 * in that cookie as the SDK's visitor record, with the first visit's attributes), logs the exposure
 * like POST /assign with the moment named, and answers 302 to the variant's configured {@code url}
 * with this request's query string (utm_*, click ids) kept, minus {@code key} and {@code unit}. A
 * unit in none of the moment's experiments goes to the control's url, unlogged. Only absolute URLs
 * configured on a variant are ever sent: nothing in the request names the destination, so the route
 * cannot be an open redirect.
 */
final class RedirectHandler {
  static final String PREFIX = "/r/";
  static final String COOKIE = "moments_id";
  private static final Set<String> OWN_PARAMETERS = Set.of("key", "unit");
  private static final Set<String> UTM =
      Set.of("utm_source", "utm_medium", "utm_campaign", "utm_content");
  private static final Set<String> CLICK_IDS = Set.of("gclid", "fbclid", "msclkid", "ttclid");
  private static final int MAX_ATTRIBUTE = 100;
  private static final long YEAR_SECONDS = Dashboard.YEAR_SECONDS;
  private final AssignHandler assigner;

  RedirectHandler(AssignHandler assigner) {
    this.assigner = assigner;
  }

  void get(RoutingContext ctx) {
    if (!assigner.withinQuota(ctx)) {
      return;
    }
    String moment = ctx.pathParam("moment");
    String unit;
    try {
      unit = unit(ctx);
    } catch (InvalidException e) {
      ctx.fail(e);
      return;
    }
    boolean fresh = unit == null;
    String unitId = fresh ? UUID.randomUUID().toString() : unit;
    JsonObject attributes = attributes(ctx.queryParams());
    referrerHost(ctx.request()).ifPresent(host -> attributes.put("referrer_host", host));
    assigner
        .assign(
            ctx, AuthHandler.caller(ctx), unitId, attributes, attributes.getMap(), List.of(moment))
        .map(assigned -> destination(assigned.config(), moment, assigned.assignments()))
        .onSuccess(
            target -> {
              if (fresh) {
                ctx.response().addCookie(cookie(ctx, record(unitId, attributes)));
              }
              ctx.response()
                  .setStatusCode(302)
                  .putHeader("Location", withQuery(target, ctx.request().query()))
                  .putHeader("Cache-Control", "no-store")
                  // the landing page may still learn which site the visitor came from
                  .putHeader("Referrer-Policy", "strict-origin-when-cross-origin")
                  .end();
            })
        .onFailure(ctx::fail);
  }

  /** {@code ?unit=} (checked), else the cookie's id; null when neither gives a valid one. */
  private static String unit(RoutingContext ctx) {
    String given = ctx.queryParams().get("unit");
    if (given != null) {
      if (!UnitIds.isValid(given)) {
        throw InvalidException.field("unit", "'unit' must be 1 to 256 characters.");
      }
      return given;
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    String id = cookie == null ? null : cookieUnit(cookie.getValue());
    return id != null && UnitIds.isValid(id) ? id : null;
  }

  /**
   * The unit id in the JS SDK's cookie: its visitor record (URI-encoded JSON with {@code id}) or,
   * from earlier versions, the id alone (spec/README.md, "the server's side"); null when
   * unreadable.
   */
  static String cookieUnit(String value) {
    try {
      String decoded = URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
      if (!decoded.startsWith("{")) {
        return decoded;
      }
      return new JsonObject(decoded).getValue("id") instanceof String id ? id : null;
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      return null;
    }
  }

  /**
   * The first visit's attributes the JS SDK records from the same query: of each utm parameter the
   * first value of 1 to 100 characters (a longer one is left out, never cut: a cut may split a
   * surrogate pair).
   */
  static JsonObject attributes(MultiMap query) {
    JsonObject attributes = new JsonObject();
    for (String name : UTM) {
      query.getAll(name).stream()
          .filter(value -> !value.isEmpty() && value.length() <= MAX_ATTRIBUTE)
          .findFirst()
          .ifPresent(value -> attributes.put(name, value));
    }
    attributes.put("paid", CLICK_IDS.stream().anyMatch(query::contains));
    return attributes;
  }

  private static String destination(SdkConfig config, String moment, List<Assignment> answer) {
    Optional<Assignment> assigned =
        answer.stream().filter(a -> a.moment().equals(moment) && a.variant() != null).findFirst();
    Optional<String> url =
        assigned.isPresent()
            ? config.url(assigned.get().experiment(), assigned.get().variant())
            : config.originalUrl(moment);
    String where =
        assigned
            .map(a -> "variant '" + a.variant() + "' of experiment '" + a.experiment() + "'")
            .orElse("the control of moment '" + moment + "' (for visitors in no experiment)");
    if (url.isEmpty() || !ExperimentRules.absoluteHttp(url.get())) {
      throw new ApiException(
          404,
          "no_redirect_url",
          where
              + " has no absolute url to send visitors to; give every variant of a split-URL"
              + " test an absolute https:// url (the control's is the original page).",
          "moment");
    }
    return url.get();
  }

  /** The url with the request's query appended after its own (before any fragment). */
  static String withQuery(String url, String query) {
    StringJoiner kept = new StringJoiner("&");
    if (query != null) {
      for (String pair : query.split("&")) {
        String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
        if (!pair.isEmpty() && !OWN_PARAMETERS.contains(decoded(name))) {
          kept.add(pair);
        }
      }
    }
    if (kept.length() == 0) {
      return url;
    }
    int hash = url.indexOf('#');
    String base = hash < 0 ? url : url.substring(0, hash);
    String fragment = hash < 0 ? "" : url.substring(hash);
    return base + (base.contains("?") ? "&" : "?") + kept + fragment;
  }

  /**
   * A parameter's name as the router read it ({@code %75nit} is {@code unit}): compared raw, an
   * encoded {@code unit} or {@code key} named the unit (or key) and was still handed on to the
   * landing page, whose URL (and its scripts, and the Referer of its requests) then carried it.
   */
  private static String decoded(String name) {
    try {
      return URLDecoder.decode(name, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return name;
    }
  }

  /**
   * The JS SDK's {@code referrer_host}: the Referer's host, unless it is this server's own (as the
   * SDK leaves out the page's own host: /r/ served on the pages' host, behind a proxy).
   */
  static Optional<String> referrerHost(HttpServerRequest request) {
    String referer = request.getHeader("Referer");
    try {
      String host = referer == null ? null : URI.create(referer).getHost();
      String own = request.authority() == null ? null : request.authority().host();
      return host == null || host.equalsIgnoreCase(own) || host.length() > MAX_ATTRIBUTE
          ? Optional.empty()
          : Optional.of(host);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * A new visitor's cookie as the JS SDK writes its record: URI-encoded JSON with the id and the
   * first visit's attributes ({@code u}). An id alone reads as a record of an earlier SDK version,
   * a returning visitor, so the landing page captured no UTM, referrer or {@code paid}: its
   * targeting and events then lacked what /r/ had assigned and logged with.
   */
  static String record(String unitId, JsonObject attributes) {
    String json = new JsonObject().put("id", unitId).put("u", attributes).encode();
    // encodeURIComponent's form: URLEncoder writes a space as '+', which decodeURIComponent keeps
    return URLEncoder.encode(json, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Cookie cookie(RoutingContext ctx, String value) {
    boolean https =
        ctx.request().isSSL()
            || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
    return Cookie.cookie(COOKIE, value)
        .setPath("/")
        .setMaxAge(YEAR_SECONDS)
        .setSameSite(CookieSameSite.LAX)
        .setSecure(https);
  }
}
