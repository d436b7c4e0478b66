package dev.moments.server.http;

import dev.moments.server.assignment.ConfigCache;
import dev.moments.server.assignment.ExposureCache;
import dev.moments.server.auth.LinkSignatures;
import dev.moments.server.config.MomentsConfig;
import dev.moments.server.db.DatabaseStatus;
import dev.moments.server.events.Admission;
import dev.moments.server.experiment.TargetingAttributes;
import dev.moments.server.store.AuditLog;
import dev.moments.server.store.ExperimentStore;
import dev.moments.server.store.KeyStore;
import dev.moments.server.store.MomentStore;
import dev.moments.server.store.PeopleStore;
import dev.moments.server.store.WebhookStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.function.Supplier;

/** What the HTTP verticles share within one server process; built once in {@code MomentsServer}. */
public record Services(
    MomentsConfig config,
    Pool pool,
    Clock clock,
    KeyStore keys,
    PeopleStore people,
    MomentStore moments,
    ExperimentStore experiments,
    AuditLog audit,
    WebhookStore webhooks,
    ConfigCache configCache,
    PrometheusMeterRegistry metrics,
    Supplier<DatabaseStatus> databaseStatus,
    HttpEdge edge,
    Admission admission,
    LinkSignatures signatures,
    TargetingAttributes attributes,
    ExposureCache exposures) {}
