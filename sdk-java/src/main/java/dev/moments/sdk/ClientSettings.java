package dev.moments.sdk;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

/** Everything the builder validated, in one immutable value. */
record ClientSettings(
    URI baseUrl,
    String serverKey,
    Duration initialFetchTimeout,
    Duration refreshInterval,
    Duration flushInterval,
    int flushAt,
    int maxQueuedEvents,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration retryInitialDelay,
    Duration retryMaxDelay,
    Duration closeTimeout,
    int exposureCacheSize,
    StickyStore stickyStore,
    AssignmentConfig snapshot,
    Consumer<MomentsError> onError) {}
