-- Moments, experiments, API keys and the audit trail.

CREATE TABLE api_keys (
    id          bigserial   PRIMARY KEY,
    kind        text        NOT NULL CHECK (kind IN ('admin', 'server', 'client')),
    name        text        NOT NULL,
    -- only a SHA-256 of the key is kept: a database dump must not leak usable keys
    key_hash    text        NOT NULL UNIQUE,
    key_prefix  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

CREATE TABLE moments (
    key          text        PRIMARY KEY,
    stage        text        NOT NULL CHECK (stage IN ('LZMOT', 'ZMOT', 'FMOT', 'SMOT', 'UMOT')),
    name         text        NOT NULL,
    description  text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE experiments (
    key                text          PRIMARY KEY,
    moment             text          NOT NULL REFERENCES moments (key),
    name               text          NOT NULL,
    hypothesis         text,
    status             text          NOT NULL CHECK (status IN ('draft', 'running', 'paused', 'stopped')),
    -- fixed at creation so that a re-created experiment never replays an old split
    salt               text          NOT NULL,
    traffic_percent    numeric(5, 2) NOT NULL CHECK (traffic_percent > 0 AND traffic_percent <= 100),
    -- bucket ranges [start, end) of the moment's layer, owned while running, paused or rolled out
    ranges             jsonb         NOT NULL DEFAULT '[]',
    variants           jsonb         NOT NULL,
    control            text          NOT NULL,
    primary_metric     jsonb         NOT NULL,
    secondary_metrics  jsonb         NOT NULL DEFAULT '[]',
    guardrail_metrics  jsonb         NOT NULL DEFAULT '[]',
    targeting          jsonb,
    stats              jsonb         NOT NULL,
    rollout            text,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    updated_at         timestamptz   NOT NULL DEFAULT now(),
    started_at         timestamptz,
    stopped_at         timestamptz
);
CREATE INDEX experiments_moment_idx ON experiments (moment);
CREATE INDEX experiments_status_idx ON experiments (status);

CREATE TABLE experiment_status_history (
    id           bigserial   PRIMARY KEY,
    experiment   text        NOT NULL REFERENCES experiments (key),
    from_status  text,
    to_status    text        NOT NULL,
    rollout      text,
    changed_by   bigint      REFERENCES api_keys (id),
    changed_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX experiment_status_history_experiment_idx ON experiment_status_history (experiment, changed_at);

-- Every admin change: who (which key), what, before/after and when.
CREATE TABLE audit_log (
    id           bigserial   PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    actor_key_id bigint      REFERENCES api_keys (id),
    actor        text        NOT NULL,
    action       text        NOT NULL,
    entity_type  text        NOT NULL,
    entity_key   text        NOT NULL,
    before       jsonb,
    after        jsonb
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_key, at);

-- Server-wide facts that must survive restarts (e.g. whether the demo was seeded).
CREATE TABLE settings (
    name   text PRIMARY KEY,
    value  text NOT NULL
);
