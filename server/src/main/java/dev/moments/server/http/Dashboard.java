package dev.moments.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.MimeMapping;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Serves the dashboard: {@code index.html} never cached (it names the current assets), the assets
 * under {@code /assets/<version>/} cached for a year as immutable, and any other file of it by its
 * own path, revalidated on each use (for tools and links that predate the versioned paths). A
 * client that accepts gzip gets a file in its gzip form, compressed at start-up, when it asks for
 * the whole file unconditionally; a range or a conditional request is StaticHandler's, unencoded.
 */
final class Dashboard {
  static final long YEAR_SECONDS = Duration.ofDays(365).toSeconds();
  private static final String IMMUTABLE = "public, immutable, max-age=" + YEAR_SECONDS;

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
    // what StaticHandler says of the files (they are read once, at start-up)
    String loaded = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
    router
        .get(versioned + "*")
        .handler(ctx -> gzipped(ctx, assets, versioned, loaded))
        .handler(
            StaticHandler.create(DashboardAssets.ROOT)
                .setCachingEnabled(true)
                .setMaxAgeSeconds(YEAR_SECONDS));
    router
        .getWithRegex("/(?!api/|assets/).*")
        .handler(
            ctx -> {
              ctx.response().putHeader("Cache-Control", "no-cache");
              gzipped(ctx, assets, "/", null);
            })
        .handler(StaticHandler.create(DashboardAssets.ROOT).setCachingEnabled(false));
  }

  /**
   * Answers with the file's gzip form when {@link #gzippable}, as StaticHandler would (its type,
   * and when {@code loaded} is given its caching headers); otherwise StaticHandler answers.
   */
  private static void gzipped(
      RoutingContext ctx, DashboardAssets assets, String prefix, String loaded) {
    Gzip.Precompressed file = gzippable(ctx, assets, prefix);
    String type = MimeMapping.mimeTypeForFilename(ctx.normalizedPath());
    if (file == null || type == null) {
      ctx.next();
      return;
    }
    if (loaded != null) {
      ctx.response()
          .putHeader(HttpHeaders.CACHE_CONTROL, IMMUTABLE)
          .putHeader(HttpHeaders.LAST_MODIFIED, loaded);
    }
    ctx.response()
        .putHeader(
            HttpHeaders.CONTENT_TYPE, type.startsWith("text") ? type + ";charset=UTF-8" : type);
    Gzip.end(ctx.request(), file);
  }

  /**
   * The dashboard file a plain GET asks for, when the client accepts gzip and the file is worth
   * compressing; null when StaticHandler should answer.
   */
  private static Gzip.Precompressed gzippable(
      RoutingContext ctx, DashboardAssets assets, String prefix) {
    HttpServerRequest request = ctx.request();
    String path = ctx.normalizedPath();
    if (request.method() != HttpMethod.GET
        || !path.startsWith(prefix)
        || request.headers().contains("Range")
        || request.headers().contains(HttpHeaders.IF_MODIFIED_SINCE)
        || request.headers().contains(HttpHeaders.IF_NONE_MATCH)
        || !Gzip.accepts(request)) {
      return null;
    }
    Gzip.Precompressed file = assets.file(path.substring(prefix.length()));
    return file == null || file.plain().length() < Gzip.MIN_BYTES ? null : file;
  }
}
