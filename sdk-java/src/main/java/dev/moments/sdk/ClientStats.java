package dev.moments.sdk;

/**
 * Counters a host can export as metrics.
 *
 * @param queued events waiting to be sent, including a batch being retried
 * @param sent events the server acknowledged (accepted or already known)
 * @param dropped events given up: queue overflow (oldest first), refused key, a batch too large
 * @param rejected events the server refused as invalid
 * @param failedRequests HTTP calls that failed (network error, timeout, 5xx, 4xx)
 * @param configVersion the version of the configuration in use, or null before the first one
 * @param configUpdates configurations taken from the server (200 answers)
 * @param configNotModified refreshes answered 304 Not Modified
 */
public record ClientStats(
    long queued,
    long sent,
    long dropped,
    long rejected,
    long failedRequests,
    String configVersion,
    long configUpdates,
    long configNotModified) {}
