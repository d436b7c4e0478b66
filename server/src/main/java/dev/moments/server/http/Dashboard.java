package dev.moments.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.MimeMapping;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Serves the dashboard: {@code index.html} never cached (it names the current assets), the assets
 * under {@code /assets/<version>/} cached for a year as immutable, and any other file of it by its
 * own path, revalidated on each use (for tools and links that predate the versioned paths). A whole
 * file is served from memory in the form the client takes (gzip, compressed at start-up, or plain),
 * each form with its own ETag and both with the file's own Last-Modified, so that a conditional
 * request gets a 304 only for the form it holds; a range request is StaticHandler's, unencoded.
 */
final class Dashboard {
  static final long YEAR_SECONDS = Duration.ofDays(365).toSeconds();
  private static final String IMMUTABLE = "public, immutable, max-age=" + YEAR_SECONDS;
  // IMF-fixdate (RFC 9110 5.6.7): a two-digit day, which RFC_1123_DATE_TIME does not write
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private Dashboard() {}

  static void mount(Router router, DashboardAssets assets) {
    Gzip.Precompressed index = Gzip.Precompressed.of(Buffer.buffer(assets.indexHtml()));
    for (String path : new String[] {"/", "/index.html"}) {
      router
          .get(path)
          .handler(
              ctx -> {
                ctx.response()
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache");
                Gzip.end(ctx.request(), index);
              });
    }
    String versioned = "/assets/" + assets.version() + "/";
    router
        .get(versioned + "*")
        .handler(ctx -> serve(ctx, assets, versioned, IMMUTABLE))
        .handler(
            StaticHandler.create(DashboardAssets.ROOT)
                .setCachingEnabled(true)
                .setMaxAgeSeconds(YEAR_SECONDS));
    router
        .getWithRegex("/(?!api/|assets/).*")
        .handler(ctx -> serve(ctx, assets, "/", "no-cache"))
        .handler(StaticHandler.create(DashboardAssets.ROOT).setCachingEnabled(false));
  }

  /**
   * Answers a whole-file GET from memory in the form {@link Gzip#encodes} picks, with that form's
   * ETag, the file's own Last-Modified (the same for both forms) and {@code Vary}, and a 304 when
   * the client's validator is that form's; a range request, or a path that is no dashboard file,
   * goes on to StaticHandler.
   */
  private static void serve(
      RoutingContext ctx, DashboardAssets assets, String prefix, String cacheControl) {
    HttpServerRequest request = ctx.request();
    String path = ctx.normalizedPath();
    HttpServerResponse response = ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
    DashboardAssets.Asset file =
        request.method() == HttpMethod.GET
                && path.startsWith(prefix)
                && !request.headers().contains("Range")
            ? assets.file(path.substring(prefix.length()))
            : null;
    String type = file == null ? null : MimeMapping.mimeTypeForFilename(path);
    if (type == null) {
      ctx.next();
      return;
    }
    boolean gzipped = Gzip.encodes(request, file.body().plain().length());
    String etag = file.etag(gzipped);
    response
        .putHeader(HttpHeaders.ETAG, etag)
        .putHeader(HttpHeaders.LAST_MODIFIED, HTTP_DATE.format(file.lastModified()));
    if (notModified(request, etag, file.lastModified())) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader(
        HttpHeaders.CONTENT_TYPE, type.startsWith("text") ? type + ";charset=UTF-8" : type);
    Gzip.send(request, file.body(), gzipped);
  }

  /**
   * RFC 9110 13.1.2-3: If-None-Match, when present, decides (a listed tag equal to this form's,
   * weak or not, or *); otherwise If-Modified-Since at or after the file's time.
   */
  static boolean notModified(HttpServerRequest request, String etag, Instant lastModified) {
    String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
    if (ifNoneMatch != null) {
      return EntityTags.listed(ifNoneMatch, etag);
    }
    String since = request.getHeader(HttpHeaders.IF_MODIFIED_SINCE);
    try {
      return since != null
          && !ZonedDateTime.parse(since, DateTimeFormatter.RFC_1123_DATE_TIME)
              .toInstant()
              .isBefore(lastModified);
    } catch (DateTimeParseException unreadable) {
      return false; // ignored, as RFC 9110 says of an invalid date
    }
  }
}
