-- Issue 20, items 8 to 10: scheduled starts and stops, archived experiments, webhooks with their outbox,
-- and the last decision each experiment was alerted for.

-- The scheduler starts a draft at start_at and stops a running or paused experiment at stop_at, rolling out
-- stop_rollout (a variant, or null). schedule_error says why the last scheduled move could not be made.
ALTER TABLE experiments
    ADD COLUMN start_at        timestamptz,
    ADD COLUMN stop_at         timestamptz,
    ADD COLUMN stop_rollout    text,
    ADD COLUMN schedule_error  text,
    -- a stopped experiment that is archived is read-only and hidden from lists unless asked for
    ADD COLUMN archived_at     timestamptz;
CREATE INDEX experiments_start_due_idx ON experiments (start_at) WHERE start_at IS NOT NULL;
CREATE INDEX experiments_stop_due_idx ON experiments (stop_at) WHERE stop_at IS NOT NULL;

-- The scheduler is no key: its audit rows and status changes name it with a null actor_key_id.
-- (audit_log.actor_key_id and experiment_status_history.changed_by are already nullable.)

CREATE TABLE webhooks (
    id          bigserial   PRIMARY KEY,
    url         text        NOT NULL,
    events      text[]      NOT NULL,
    -- kept in clear: every delivery is signed with it (HMAC-SHA256), so it cannot be hashed like a key
    secret      text        NOT NULL,
    format      text        NOT NULL DEFAULT 'json' CHECK (format IN ('json', 'slack')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  bigint      REFERENCES api_keys (id),
    deleted_at  timestamptz
);

-- One row per thing that happened (an experiment started or stopped, a decision changed), whoever listens.
CREATE TABLE webhook_events (
    id          uuid        PRIMARY KEY,
    type        text        NOT NULL,
    experiment  text,
    payload     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The outbox: one row per event and subscribed webhook, inserted in the transaction of the change that
-- caused the event. A server claims due rows with FOR UPDATE SKIP LOCKED and pushes next_attempt_at past
-- its HTTP timeout (a lease), so one server at a time delivers a row, and a row whose server died is
-- taken up again once its lease has passed. attempts fences a late answer from an expired lease.
CREATE TABLE webhook_deliveries (
    id                bigserial   PRIMARY KEY,
    webhook_id        bigint      NOT NULL REFERENCES webhooks (id),
    event_id          uuid        NOT NULL REFERENCES webhook_events (id),
    status            text        NOT NULL DEFAULT 'pending'
                                  CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
    attempts          integer     NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz NOT NULL DEFAULT now(),
    last_attempt_at   timestamptz,
    last_status_code  integer,
    last_error        text,
    delivered_at      timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (webhook_id, id DESC);

-- The decision each experiment was last alerted for. The decision watcher of every server moves it with a
-- compare-and-set in the transaction that enqueues the alert, so a restart or a second server never
-- alerts the same outcome twice.
CREATE TABLE decision_alerts (
    experiment   text        PRIMARY KEY REFERENCES experiments (key),
    outcome      text        NOT NULL,
    winner       text,
    event_id     uuid        NOT NULL,
    alerted_at   timestamptz NOT NULL DEFAULT now()
);
