package dev.moments.server.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Duration;

/**
 * Serves the dashboard: {@code index.html} never cached (it names the current assets), the assets
 * under {@code /assets/<version>/} cached for a year as immutable, and any other file of it by its
 * own path, revalidated on each use (for tools and links that predate the versioned paths).
 */
final class Dashboard {
  static final long YEAR_SECONDS = Duration.ofDays(365).toSeconds();

  private Dashboard() {}

  static void mount(Router router, DashboardAssets assets) {
    byte[] index = assets.indexHtml();
    for (String path : new String[] {"/", "/index.html"}) {
      router
          .get(path)
          .handler(
              ctx ->
                  ctx.response()
                      .putHeader("Content-Type", "text/html; charset=utf-8")
                      .putHeader("Cache-Control", "no-cache")
                      .end(io.vertx.core.buffer.Buffer.buffer(index)));
    }
    router
        .get("/assets/" + assets.version() + "/*")
        .handler(
            StaticHandler.create(DashboardAssets.ROOT)
                .setCachingEnabled(true)
                .setMaxAgeSeconds(YEAR_SECONDS));
    router
        .getWithRegex("/(?!api/|assets/).*")
        .handler(
            ctx -> {
              ctx.response().putHeader("Cache-Control", "no-cache");
              ctx.next();
            })
        .handler(StaticHandler.create(DashboardAssets.ROOT).setCachingEnabled(false));
  }
}
