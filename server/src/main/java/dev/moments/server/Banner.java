package dev.moments.server;

import dev.moments.server.MomentsServer.StartupReport;

/**
 * The lines a person reads after start-up: where the dashboard is, the admin key, a first request.
 */
final class Banner {
  private Banner() {}

  static String text(StartupReport report) {
    String base = "http://localhost:" + report.port();
    String key = report.generatedAdminKey().orElse(null);
    StringBuilder out = new StringBuilder("\nMoments is up.\n");
    out.append("  Dashboard:  ").append(base).append("/\n");
    out.append("  API:        ").append(base).append("/api/v1/openapi.yaml\n");
    report
        .sdkScript()
        .ifPresent(
            sdk ->
                out.append("  JS SDK:     ")
                    .append(base)
                    .append(sdk.path())
                    .append("\n              integrity=\"")
                    .append(sdk.integrity())
                    .append("\" (GET /api/v1/sdk/script)\n"));
    report
        .metricsPort()
        .ifPresent(
            p -> out.append("  Metrics:    port ").append(p).append(", GET /metrics (no key)\n"));
    if (key != null) {
      out.append("  Admin key:  ").append(key).append("\n");
      out.append(
          "              (shown once: only its hash is stored; set MOMENTS_ADMIN_KEY to choose your own)\n");
    } else {
      out.append("  Admin key:  the one printed at first start, or MOMENTS_ADMIN_KEY\n");
    }
    String shownKey = key != null ? key : "$MOMENTS_ADMIN_KEY";
    if (report.demoSeeded()) {
      out.append("  Demo:       moment ")
          .append(Bootstrap.DEMO_MOMENT)
          .append(" with running experiment ")
          .append(Bootstrap.DEMO_EXPERIMENT)
          .append("\n");
    }
    // Double quotes, so that a shell expands $MOMENTS_ADMIN_KEY (single quotes sent it literally:
    // 401).
    String authorization = "-H \"Authorization: Bearer " + shownKey + "\"";
    out.append("\nTry:\n");
    out.append("  curl -s ").append(authorization).append(' ').append(base);
    out.append("/api/v1/experiments\n");
    // naming the moment logs the exposure: the visitor is about to see this variant (without
    // "moments" /assign answers every assignment and logs none)
    out.append("  curl -s ")
        .append(authorization)
        .append(" -H 'Content-Type: application/json' \\\n")
        .append(
            "       -d '{\"unitId\":\"visitor-42\",\"attributes\":{\"device\":\"mobile\"},\"moments\":[\"")
        .append(Bootstrap.DEMO_MOMENT)
        .append("\"]}' ")
        .append(base)
        .append("/api/v1/assign\n");
    return out.toString();
  }
}
