-- The fold's guard (server/README, "Excluded events"): an event PostgreSQL refuses to fold for its data (SQLSTATE
-- class 22 data exception, 54 program limit exceeded: e.g. an experiment key too long for the rollups' key) would
-- fail its batch for ever and stop the fold for every experiment. The worker isolates it, takes it out of the inbox
-- and records it here, in one transaction. It stays in events (an acknowledged event is never lost); the fold's
-- recounts and rebuild-rollups leave out every event listed here, so the rebuilt rollups agree with the live ones.
-- Kept past the events' retention, as the rollups are: GET /api/v1/events/summary counts them as databaseRefused.
CREATE TABLE refused_events (
    seq         bigint      PRIMARY KEY,
    id          text,
    sqlstate    text        NOT NULL,
    message     text        NOT NULL,
    refused_at  timestamptz NOT NULL DEFAULT now()
);
