package dev.moments.sdk;

/**
 * The variant a unit sees in one moment. {@code forced}: chosen by a {@code force} attribute
 * (reports leave it out of the statistics). {@code rollout}: a stopped experiment's rollout
 * variant (no exposure is logged). {@code payloadJson} is the variant's raw JSON payload or null.
 */
public record Assignment(String moment, String experiment, String variant, String payloadJson,
                         boolean forced, boolean rollout) {}
