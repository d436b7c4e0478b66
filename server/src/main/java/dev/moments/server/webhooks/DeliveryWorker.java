package dev.moments.server.webhooks;

import dev.moments.server.config.BackgroundJobs;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due deliveries: one round claims a batch, POSTs each body with its signature (all of the
 * batch at once, each bounded by the timeout), and records every outcome. A 2xx answer delivers;
 * anything else, a refused connection or a timeout is retried with {@link Backoff} until the last
 * attempt, after which the delivery is marked failed. Redirects are not followed. Runs on its own
 * worker, never on a request's path.
 */
public final class DeliveryWorker {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
  public static final int BATCH = 32;

  /** How much of an error answer the delivery log keeps. */
  private static final int ERROR_CHARS = 300;

  private final Outbox outbox;
  private final HttpClient http;
  private final BackgroundJobs settings;
  private final Backoff backoff;
  private final Clock clock;

  public DeliveryWorker(Outbox outbox, HttpClient http, BackgroundJobs settings, Clock clock) {
    this.outbox = outbox;
    this.http = http;
    this.settings = settings;
    this.backoff = new Backoff(settings.webhookRetryBase(), BackgroundJobs.WEBHOOK_RETRY_CAP);
    this.clock = clock;
  }

  /**
   * The lease outlasts an attempt's timeout by a margin, so a slow attempt is never taken up by
   * another server while it is still running.
   */
  Duration lease() {
    return settings.webhookTimeout().multipliedBy(2).plusSeconds(5);
  }

  /** One round; completes when every claimed delivery's outcome is recorded. */
  public Future<Integer> round() {
    return outbox
        .claim(BATCH, lease())
        .compose(
            claimed -> {
              List<Future<Void>> attempts = claimed.stream().map(this::attempt).toList();
              return Future.join(attempts).otherwiseEmpty().map(claimed.size());
            });
  }

  private Future<Void> attempt(Outbox.Claimed claimed) {
    String body =
        WebhookBody.render(claimed.event(), claimed.createdAt(), claimed.webhook().format());
    long timeout = settings.webhookTimeout().toMillis();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(claimed.webhook().url().toString())
            .setConnectTimeout(timeout)
            .setIdleTimeout(timeout)
            .setFollowRedirects(false)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .putHeader(HttpHeaders.USER_AGENT, "Moments-Webhooks/1")
            .putHeader("X-Moments-Event", claimed.event().type().wire())
            .putHeader("X-Moments-Event-Id", claimed.event().id().toString())
            .putHeader("X-Moments-Delivery", String.valueOf(claimed.deliveryId()))
            .putHeader(
                Signature.HEADER,
                Signature.header(
                    claimed.webhook().secret(), clock.instant().getEpochSecond(), body));
    return http.request(options)
        .compose(request -> request.send(Buffer.buffer(body)))
        .compose(DeliveryWorker::answer)
        .timeout(timeout, TimeUnit.MILLISECONDS)
        .transform(
            result ->
                result.succeeded()
                    ? recordAnswer(claimed, result.result())
                    : recordFailure(claimed, null, describe(result.cause())));
  }

  private record Answer(int status, String text) {}

  /** The status and the start of the body; the rest is read and dropped, never held. */
  private static Future<Answer> answer(HttpClientResponse response) {
    Promise<Answer> answer = Promise.promise();
    Buffer kept = Buffer.buffer();
    response.handler(
        chunk -> {
          int room = ERROR_CHARS - kept.length();
          if (room > 0) {
            kept.appendBuffer(chunk, 0, Math.min(room, chunk.length()));
          }
        });
    response.exceptionHandler(answer::tryFail);
    response.endHandler(
        end -> answer.tryComplete(new Answer(response.statusCode(), kept.toString())));
    return answer.future();
  }

  private Future<Void> recordAnswer(Outbox.Claimed claimed, Answer answer) {
    if (answer.status() >= 200 && answer.status() < 300) {
      return outbox.record(claimed, answer.status(), null, null, true);
    }
    String error =
        "HTTP " + answer.status() + (answer.text().isBlank() ? "" : ": " + answer.text());
    return recordFailure(claimed, answer.status(), error);
  }

  private Future<Void> recordFailure(Outbox.Claimed claimed, Integer status, String error) {
    boolean last = claimed.attempt() >= settings.webhookMaxAttempts();
    Duration retryIn =
        last ? null : backoff.delay(claimed.attempt(), ThreadLocalRandom.current().nextDouble());
    if (last) {
      LOG.warn(
          "Webhook {} gave up on event {} after {} attempts: {}",
          claimed.webhook().id(),
          claimed.event().id(),
          claimed.attempt(),
          error);
    }
    return outbox.record(claimed, status, error, retryIn, false);
  }

  private String describe(Throwable failure) {
    String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
    if (failure instanceof TimeoutException
        || message.contains("timeout")
        || message.contains("timed out")) {
      return "no answer within " + settings.webhookTimeout().toMillis() + " ms";
    }
    return failure.getClass().getSimpleName() + ": " + failure.getMessage();
  }
}
