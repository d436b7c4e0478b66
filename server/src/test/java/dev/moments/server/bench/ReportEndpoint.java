package dev.moments.server.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/**
 * The report endpoint of a running server, for {@link ReportTiming}: declares the bench experiment
 * and times GETs.
 */
final class ReportEndpoint {
  private final HttpClient client = HttpClient.newHttpClient();
  private final String base;
  private final String key;

  ReportEndpoint(String base, String key) {
    this.base = base;
    this.key = key;
  }

  /** The moment and running experiment the bench events name; existing ones (409) are fine. */
  void declareExperiment() throws IOException, InterruptedException {
    post("/api/v1/moments", "{\"key\":\"bench.moment\",\"stage\":\"FMOT\",\"name\":\"Bench\"}");
    post(
        "/api/v1/experiments",
        """
        {"key":"%s","moment":"bench.moment","name":"Bench","trafficPercent":100,
         "variants":[{"key":"control","weight":34},{"key":"bold","weight":33},{"key":"calm","weight":33}],
         "control":"control","primaryMetric":"signup","secondaryMetrics":[{"key":"purchase"}]}"""
            .formatted(BenchEvents.EXPERIMENT));
    post("/api/v1/experiments/" + BenchEvents.EXPERIMENT + "/start", "{}");
  }

  private void post(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300 && r.statusCode() != 409) {
      throw new IllegalStateException("POST " + path + " -> " + r.statusCode() + " " + r.body());
    }
  }

  /** Median and max of 50 GETs after 20 warm-up ones. */
  String time(String query) throws IOException, InterruptedException {
    HttpRequest get =
        HttpRequest.newBuilder(
                URI.create(
                    base + "/api/v1/experiments/" + BenchEvents.EXPERIMENT + "/report" + query))
            .header("Authorization", "Bearer " + key)
            .build();
    long[] micros = new long[50];
    int bytes = 0;
    for (int i = -20; i < micros.length; i++) {
      long t = System.nanoTime();
      HttpResponse<String> r = client.send(get, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("GET report -> " + r.statusCode() + " " + r.body());
      }
      if (i >= 0) {
        micros[i] = (System.nanoTime() - t) / 1000;
        bytes = r.body().length();
      }
    }
    Arrays.sort(micros);
    return String.format(
        "GET report%s: %d bytes, median %.2f ms, max %.2f ms",
        query, bytes, micros[micros.length / 2] / 1000.0, micros[micros.length - 1] / 1000.0);
  }
}
