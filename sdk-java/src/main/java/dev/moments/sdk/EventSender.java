package dev.moments.sdk;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends queued events in batches from the background thread. A batch whose connection closed with
 * no answer is sent again at once, once ({@link #post}); a batch that fails on the network, with
 * 408/429/5xx (503 honouring Retry-After) stays pending and is resent whole after a backoff, with
 * the same event ids, so the server counts it once. 401/403 stop all sending; other 4xx drop the
 * batch.
 */
final class EventSender {
  enum Outcome {
    EMPTY,
    SENT,
    RETRY,
    STOP
  }

  private final ClientSettings settings;
  private final Http http;
  private final EventQueue queue;
  private final ErrorReporter errors;
  private final ScheduledExecutorService background;
  private final Backoff backoff;
  private final String idPrefix;
  private final AtomicLong failedRequests;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final List<QueuedEvent> pending = new ArrayList<>();
  private volatile int pendingCount;
  private int batchLimit;
  private int attempt;
  private long retryDelayNanos;
  private boolean backingOff;

  EventSender(
      ClientSettings settings,
      Http http,
      EventQueue queue,
      ErrorReporter errors,
      ScheduledExecutorService background,
      String idPrefix,
      AtomicLong failedRequests) {
    this.settings = settings;
    this.http = http;
    this.queue = queue;
    this.errors = errors;
    this.background = background;
    this.idPrefix = idPrefix;
    this.failedRequests = failedRequests;
    this.backoff =
        new Backoff(settings.retryInitialDelay().toNanos(), settings.retryMaxDelay().toNanos());
    this.batchLimit = settings.flushAt();
  }

  long sent() {
    return sent.get();
  }

  long rejected() {
    return rejected.get();
  }

  int pending() {
    return pendingCount;
  }

  /**
   * A timer tick or "flushAt reached": sends what is queued now, unless a retry is already waiting.
   */
  void flush() {
    if (backingOff) {
      return;
    }
    long batches =
        1 + queue.size() / settings.flushAt(); // what is queued now, not what keeps arriving
    if (drain(batches, settings.requestTimeout()) == Outcome.RETRY) {
      backingOff = true;
      try {
        background.schedule(this::retry, retryDelayNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closing) {
        backingOff = false; // close() sends what is left itself
      }
    }
  }

  private void retry() {
    backingOff = false;
    flush();
  }

  /**
   * On close: keep sending (sleeping through backoffs) until everything is sent or the deadline
   * passes.
   */
  void flushBeforeClose(long deadlineNanos) {
    long remaining;
    while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
      Duration timeout = Duration.ofNanos(Math.min(settings.requestTimeout().toNanos(), remaining));
      Outcome outcome = drain(Long.MAX_VALUE, timeout);
      if (outcome != Outcome.RETRY) {
        break;
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(retryDelayNanos, deadlineNanos - System.nanoTime()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int left = pending.size() + queue.discardAll();
    queue.countDropped(pending.size());
    setPending(0);
    if (left > 0) {
      errors.report(
          MomentsError.Kind.EVENTS_DROPPED,
          left
              + " events could not be sent before closeTimeout ("
              + settings.closeTimeout()
              + ") and were dropped",
          null);
    }
  }

  private Outcome drain(long maxBatches, Duration timeout) {
    for (long i = 0; i < maxBatches; i++) {
      if (errors.isKeyRefused()) {
        queue.countDropped(pending.size());
        setPending(0);
        queue.discardAll();
        return Outcome.STOP;
      }
      if (pending.isEmpty()) {
        queue.drainTo(pending, settings.flushAt());
        pendingCount = pending.size();
      }
      if (pending.isEmpty()) {
        return Outcome.EMPTY;
      }
      Outcome outcome = sendPending(timeout);
      if (outcome != Outcome.SENT) {
        return outcome;
      }
    }
    return Outcome.SENT;
  }

  private Outcome sendPending(Duration timeout) {
    List<QueuedEvent> batch = pending.subList(0, Math.min(pending.size(), batchLimit));
    Http.Response response;
    try {
      response = post(EventJson.batch(batch, idPrefix), timeout);
    } catch (IOException e) {
      return retryLater("POST /api/v1/events failed: " + e, e, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.STOP;
    }
    int status = response.status();
    if (status == 200 || status == 202) {
      acknowledged(batch, response);
    } else if (status == 401 || status == 403) {
      errors.keyRefused(status, "POST /api/v1/events");
      queue.countDropped(batch.size());
    } else if (status == 413 && batch.size() > 1) {
      failedRequests.incrementAndGet();
      batchLimit = batch.size() / 2; // too many bytes: send halves, nothing is lost
      return Outcome.SENT;
    } else if (status == 408 || status == 429 || status >= 500) {
      return retryLater(
          "POST /api/v1/events answered " + Http.describe(response),
          null,
          Http.retryAfterNanos(response.retryAfter()));
    } else {
      failedRequests.incrementAndGet();
      queue.countDropped(batch.size());
      errors.report(
          MomentsError.Kind.SEND_FAILED,
          batch.size() + " events dropped: resending cannot help after " + Http.describe(response),
          null);
    }
    batch.clear();
    setPending(pending.size());
    return Outcome.SENT;
  }

  /**
   * One POST, sent again at once, once, when the connection failed with no answer and neither a
   * timeout nor a refused connection says the server is slow or down: typically a keep-alive
   * connection the server closed (its idle timeout) just as this request went out on it, which
   * every HTTP client meets now and then. The event ids make the resend harmless even if the server
   * had read the first; a second failure goes to the backoff.
   */
  private Http.Response post(String json, Duration timeout)
      throws IOException, InterruptedException {
    try {
      return http.postEvents(json, timeout);
    } catch (HttpTimeoutException | ConnectException slowOrDown) {
      throw slowOrDown;
    } catch (IOException closed) {
      return http.postEvents(json, timeout);
    }
  }

  private Outcome retryLater(String message, Throwable cause, long retryAfterNanos) {
    failedRequests.incrementAndGet();
    retryDelayNanos = retryAfterNanos >= 0 ? retryAfterNanos : backoff.delayNanos(attempt);
    attempt++;
    errors.report(
        MomentsError.Kind.SEND_FAILED,
        message
            + "; "
            + pending.size()
            + " events will be resent in "
            + TimeUnit.NANOSECONDS.toMillis(retryDelayNanos)
            + " ms",
        cause);
    return Outcome.RETRY;
  }

  private void acknowledged(List<QueuedEvent> batch, Http.Response response) {
    attempt = 0;
    batchLimit = settings.flushAt();
    List<?> refused = List.of();
    try {
      Map<?, ?> body = JsonValues.object(Json.parse(response.body()), "response");
      if (body.get("rejected") != null) {
        refused = JsonValues.array(body.get("rejected"), "rejected");
      }
    } catch (IllegalArgumentException unreadable) {
      // the events are committed (2xx); only the tally of rejections is unknown
    }
    sent.addAndGet(batch.size() - refused.size());
    rejected.addAndGet(refused.size());
    Rejections.byCode(refused, batch)
        .forEach(
            (code, report) ->
                errors.reportOncePerCode(MomentsError.Kind.EVENTS_REJECTED, code, report));
  }

  private void setPending(int count) {
    if (count == 0) {
      pending.clear();
    }
    pendingCount = count;
  }
}
