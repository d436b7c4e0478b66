package dev.moments.server.http;

import dev.moments.server.auth.Caller;
import dev.moments.server.auth.LinkSignatures;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.experiment.Experiment;
import dev.moments.server.store.AuditLog;
import dev.moments.server.store.ExperimentStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * {@code POST /api/v1/experiments/{key}/links}: a signed QA preview link ({@code kind: force},
 * valid 24 hours unless told otherwise, at most 7 days) or a signed ad landing link ({@code kind:
 * ad}, for an ad experiment, valid 90 days unless told otherwise, at most 400 days: ads run for
 * months). The answer gives the query string to append to the page's URL. Issuing one is audited.
 */
final class LinksHandler {
  static final Duration FORCE_DEFAULT = Duration.ofHours(24);
  static final Duration FORCE_MAX = Duration.ofDays(7);
  static final Duration AD_DEFAULT = Duration.ofDays(90);
  static final Duration AD_MAX = Duration.ofDays(400);

  private final ExperimentStore experiments;
  private final LinkSignatures signatures;
  private final AuditLog audit;
  private final Clock clock;

  LinksHandler(
      ExperimentStore experiments, LinkSignatures signatures, AuditLog audit, Clock clock) {
    this.experiments = experiments;
    this.signatures = signatures;
    this.audit = audit;
    this.clock = clock;
  }

  void create(RoutingContext ctx) {
    JsonObject body = Responses.body(ctx);
    Caller caller = AuthHandler.caller(ctx);
    Responses.reply(
        ctx,
        201,
        experiments
            .get(ctx.pathParam("key"))
            .compose(
                experiment -> {
                  JsonObject link = link(experiment, body);
                  return audit
                      .record(
                          caller,
                          "link.create",
                          "experiment",
                          experiment.key(),
                          link.copy().put("sig", "(not kept)"))
                      .map(link);
                }));
  }

  private JsonObject link(Experiment experiment, JsonObject body) {
    LinkSignatures.Kind kind = LinkSignatures.Kind.fromWire(body.getString("kind"));
    String variant = body.getString("variant");
    if (!experiment.hasVariant(variant)) {
      throw InvalidException.field(
          "variant", "'" + variant + "' is not a variant of '" + experiment.key() + "'.");
    }
    if (kind == LinkSignatures.Kind.AD && !experiment.isAdExperiment()) {
      throw InvalidException.field(
          "kind",
          "'"
              + experiment.key()
              + "' is not an ad experiment (every variant of kind ad): an ad click cannot"
              + " name it.");
    }
    Instant now = clock.instant();
    Instant expiresAt = expiresAt(body.getString("expiresAt"), kind, now);
    String sig = signatures.sign(kind, experiment.key(), variant, expiresAt);
    String parameter = kind == LinkSignatures.Kind.FORCE ? "moments_force" : "moments_ad";
    return new JsonObject()
        .put("experiment", experiment.key())
        .put("variant", variant)
        .put("kind", kind.wire())
        .put("expiresAt", expiresAt.toString())
        .put("sig", sig)
        .put(
            "query",
            parameter
                + "="
                + URLEncoder.encode(experiment.key() + ":" + variant, StandardCharsets.UTF_8)
                + "&moments_sig="
                + URLEncoder.encode(sig, StandardCharsets.UTF_8));
  }

  private static Instant expiresAt(String given, LinkSignatures.Kind kind, Instant now) {
    Duration max = kind == LinkSignatures.Kind.FORCE ? FORCE_MAX : AD_MAX;
    if (given == null) {
      return now.plus(kind == LinkSignatures.Kind.FORCE ? FORCE_DEFAULT : AD_DEFAULT);
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(given).toInstant();
    } catch (DateTimeParseException e) {
      throw InvalidException.field(
          "expiresAt", "'expiresAt' must be an ISO-8601 date-time with an offset.");
    }
    if (!at.isAfter(now) || at.isAfter(now.plus(max))) {
      throw InvalidException.field(
          "expiresAt",
          "'expiresAt' must be in the future and at most "
              + max.toDays()
              + " days away for a "
              + kind.wire()
              + " link.");
    }
    return at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }
}
