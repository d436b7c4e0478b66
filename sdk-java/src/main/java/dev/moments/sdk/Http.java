package dev.moments.sdk;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The two calls the client makes, over the JDK's HttpClient, with the key and timeouts applied. */
final class Http {
  /** One answer; {@code etag} and {@code retryAfter} are raw header values or null. */
  record Response(int status, String body, String etag, String retryAfter) {}

  private static final String USER_AGENT = "moments-sdk-java/0.1";
  private static final long MAX_RETRY_AFTER_NANOS = Duration.ofMinutes(10).toNanos();
  private final HttpClient client;
  private final URI configUri;
  private final URI eventsUri;
  private final String authorization;

  Http(ClientSettings settings) {
    client =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    configUri = URI.create(settings.baseUrl() + "/api/v1/sdk/config");
    eventsUri = URI.create(settings.baseUrl() + "/api/v1/events");
    authorization = "Bearer " + settings.serverKey();
  }

  Response getConfig(String etag, Duration timeout) throws IOException, InterruptedException {
    HttpRequest.Builder request = request(configUri, timeout).GET();
    if (etag != null) {
      request.header("If-None-Match", etag);
    }
    return send(request.build());
  }

  Response postEvents(String json, Duration timeout) throws IOException, InterruptedException {
    return send(
        request(eventsUri, timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build());
  }

  private HttpRequest.Builder request(URI uri, Duration timeout) {
    return HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Authorization", authorization)
        .header("User-Agent", USER_AGENT);
  }

  private Response send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Response(
        response.statusCode(),
        response.body(),
        response.headers().firstValue("ETag").orElse(null),
        response.headers().firstValue("Retry-After").orElse(null));
  }

  /**
   * Retry-After as delay-seconds or an HTTP date, in nanoseconds (capped at 10 min); -1 when absent
   * or unreadable.
   */
  static long retryAfterNanos(String header) {
    if (header == null || header.isBlank()) {
      return -1;
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0
          ? -1
          : Math.min(MAX_RETRY_AFTER_NANOS, Duration.ofSeconds(seconds).toNanos());
    } catch (NumberFormatException | ArithmeticException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        long nanos = Duration.between(ZonedDateTime.now(at.getZone()), at).toNanos();
        return Math.max(0, Math.min(MAX_RETRY_AFTER_NANOS, nanos));
      } catch (DateTimeParseException | ArithmeticException notADate) {
        return -1;
      }
    }
  }

  /** "Short description" of a failed answer for error messages. */
  static String describe(Response response) {
    String body = response.body() == null ? "" : response.body();
    return "HTTP "
        + response.status()
        + (body.isEmpty()
            ? ""
            : ": " + (body.length() > 200 ? body.substring(0, 200) + "..." : body));
  }
}
