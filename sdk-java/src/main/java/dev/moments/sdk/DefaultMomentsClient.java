package dev.moments.sdk;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real client. assign and track touch only a volatile config reference, the exposure table and
 * this thread's stripe of the event queue; every network call runs on one daemon thread.
 */
final class DefaultMomentsClient implements MomentsClient {
  private static final String THREAD_NAME = "moments-sdk";
  private final ClientSettings settings;
  private final ErrorReporter errors;
  private final EventQueue queue;
  private final ExposureLog exposures;
  private final ScheduledThreadPoolExecutor background;
  private final ConfigFetcher config;
  private final EventSender sender;
  private final AtomicLong failedRequests = new AtomicLong();
  private final AtomicBoolean flushRequested = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Thread worker;

  private DefaultMomentsClient(ClientSettings settings) {
    this.settings = settings;
    this.errors = new ErrorReporter(settings.onError());
    this.queue = new EventQueue(settings.maxQueuedEvents(), settings.flushAt());
    this.exposures = new ExposureLog(settings.exposureCacheSize());
    this.background =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = Executors.defaultThreadFactory().newThread(runnable);
              thread.setName(THREAD_NAME);
              thread.setDaemon(true);
              worker = thread;
              return thread;
            });
    background.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    background.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    Http http = new Http(settings);
    this.config = new ConfigFetcher(settings, http, errors, background, failedRequests);
    // a random UUID per client plus a sequence number: as unique as a UUID per event, at the cost
    // of an increment
    this.sender =
        new EventSender(
            settings, http, queue, errors, background, UUID.randomUUID() + ".", failedRequests);
  }

  static DefaultMomentsClient start(ClientSettings settings) {
    DefaultMomentsClient client = new DefaultMomentsClient(settings);
    client.config.start();
    long flushNanos = settings.flushInterval().toNanos();
    client.background.scheduleWithFixedDelay(
        client::flushSafely, flushNanos, flushNanos, TimeUnit.NANOSECONDS);
    try {
      client
          .config
          .firstAnswer()
          .get(settings.initialFetchTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // start with what we have (a snapshot or nothing); the fetch goes on in the background
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return client;
  }

  @Override
  public Assignment assign(String moment, String unitId, Map<String, ?> attributes) {
    try {
      AssignmentConfig current = config.current();
      Assignment assignment =
          current == null
              ? null
              : Assigner.assign(current, moment, unitId, attributes, stickyLookup(current, unitId));
      Object[] eventAttributes = null;
      if (current != null && (assignment == null || !assignment.forced())) {
        eventAttributes = logHoldouts(current.plan(moment), unitId, attributes);
      }
      if (assignment == null) {
        if (!UnitIds.isValid(unitId)) {
          errors.report(
              MomentsError.Kind.INVALID_ARGUMENT,
              "assign: unitId must be 1 to 256 characters, got " + describe(unitId),
              null);
        }
        return Assignment.none(moment);
      }
      if (assignment.store()) {
        storeSticky(unitId, assignment);
      }
      if (!assignment.rollout() && exposures.firstTime(assignment, unitId) && isOpen()) {
        enqueue(
            QueuedEvent.exposure(
                assignment,
                unitId,
                eventAttributes != null ? eventAttributes : EventAttributes.snapshot(attributes)));
      }
      return assignment;
    } catch (RuntimeException e) {
      errors.report(
          MomentsError.Kind.INVALID_ARGUMENT,
          "assign(" + moment + ", " + describe(unitId) + ") failed: " + e,
          e);
      return Assignment.none(moment);
    }
  }

  /** Reads the store only for configs with a sticky experiment; a failing store reads as empty. */
  private StickyLookup stickyLookup(AssignmentConfig current, String unitId) {
    if (!current.hasSticky()) {
      return StickyLookup.NONE;
    }
    return experiment -> {
      try {
        return settings.stickyStore().get(unitId, experiment);
      } catch (RuntimeException e) {
        errors.report(
            MomentsError.Kind.STICKY_STORE_FAILED,
            "the sticky store failed to read " + experiment + ": " + e,
            e);
        return null;
      }
    };
  }

  private void storeSticky(String unitId, Assignment assignment) {
    try {
      settings.stickyStore().put(unitId, assignment.experiment(), assignment.variant());
    } catch (RuntimeException e) {
      errors.report(
          MomentsError.Kind.STICKY_STORE_FAILED,
          "the sticky store failed to store " + assignment.experiment() + ": " + e,
          e);
    }
  }

  /**
   * One holdout exposure per holdout covering the moment, member or not, the first time for the
   * unit. Returns the event attributes it made (null when it logged nothing), for reuse.
   */
  private Object[] logHoldouts(MomentPlan plan, String unitId, Map<String, ?> attributes) {
    UnitKey unit = plan == null || plan.holdouts.length == 0 ? null : UnitKey.of(unitId);
    if (unit == null) {
      return null;
    }
    Object[] eventAttributes = EventAttributes.snapshot(attributes);
    for (CompiledHoldout holdout : plan.holdouts) {
      HoldoutGroup group = holdout.groupOf(unit);
      if (exposures.firstTime(group, unitId) && isOpen()) {
        enqueue(QueuedEvent.holdoutExposure(group, unitId, eventAttributes));
      }
    }
    return eventAttributes;
  }

  @Override
  public void track(String unitId, String metric, double value) {
    try {
      String problem = Conversions.problem(unitId, metric, value);
      if (problem != null) {
        errors.report(
            MomentsError.Kind.INVALID_ARGUMENT,
            "track: " + problem + "; the event is not recorded",
            null);
        return;
      }
      if (isOpen()) {
        enqueue(QueuedEvent.conversion(unitId, metric, value));
      }
    } catch (RuntimeException e) {
      errors.report(
          MomentsError.Kind.INVALID_ARGUMENT,
          "track(" + describe(unitId) + ", " + metric + ") failed: " + e,
          e);
    }
  }

  /**
   * Touches no line another producer writes, except a read of the queue's pool and of the flush
   * flag: the cost of track from many threads is the cost from one.
   */
  private void enqueue(QueuedEvent event) {
    if (queue.add(event) > 0) {
      errors.report(
          MomentsError.Kind.EVENTS_DROPPED,
          () ->
              "the event queue is full (maxQueuedEvents "
                  + settings.maxQueuedEvents()
                  + "): the oldest events are being dropped; total dropped "
                  + queue.dropped(),
          null);
    }
    if (queue.reachedSendAt(settings.flushAt())
        && !flushRequested.get()
        && flushRequested.compareAndSet(false, true)) {
      try {
        background.execute(this::flushSafely);
      } catch (RejectedExecutionException closing) {
        flushRequested.set(false);
      }
    }
  }

  /**
   * After close() events are counted as dropped instead of queued (one racing close() may stay
   * unsent).
   */
  private boolean isOpen() {
    if (!closed.get()) {
      return true;
    }
    queue.countDropped(1);
    errors.report(
        MomentsError.Kind.EVENTS_DROPPED,
        "the client is closed: events are no longer recorded",
        null);
    return false;
  }

  private void flushSafely() {
    flushRequested.set(false);
    try {
      sender.flush();
    } catch (RuntimeException e) {
      errors.report(MomentsError.Kind.SEND_FAILED, "sending events failed unexpectedly: " + e, e);
    }
  }

  @Override
  public ClientStats stats() {
    AssignmentConfig current = config.current();
    return new ClientStats(
        queue.size() + sender.pending(),
        sender.sent(),
        queue.dropped(),
        sender.rejected(),
        failedRequests.get(),
        current == null ? null : current.version(),
        config.updates(),
        config.notModified());
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long timeout = settings.closeTimeout().toNanos();
    long deadline = System.nanoTime() + timeout;
    if (Thread.currentThread() == worker) {
      // close() from onError on our own thread: waiting for a task queued behind ourselves would
      // hang
      sender.flushBeforeClose(deadline);
      background.shutdownNow();
      return;
    }
    Future<?> last = null;
    try {
      last = background.submit(() -> sender.flushBeforeClose(deadline));
    } catch (RejectedExecutionException alreadyStopped) {
      // nothing left to run it on
    }
    background.shutdown();
    try {
      if (last != null) {
        // the last request may still be in flight at the deadline; give it its own timeout on top
        last.get(timeout + settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (TimeoutException | ExecutionException e) {
      errors.report(
          MomentsError.Kind.EVENTS_DROPPED,
          "close: the last events could not be sent in time: " + e,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      background.shutdownNow();
    }
  }

  private static String describe(String unitId) {
    return unitId == null
        ? "null"
        : "\"" + (unitId.length() > 40 ? unitId.substring(0, 40) + "..." : unitId) + "\"";
  }
}
