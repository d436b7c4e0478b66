-- Raw events, the inbox the rollup worker drains, per-unit exposure state and the rollups reports read.

-- Every accepted event, kept forever: the rollups can always be rebuilt from here.
CREATE TABLE events (
    seq          bigserial        PRIMARY KEY,
    -- client-made; the unique index is what makes a resent event a no-op, across servers too
    id           text             NOT NULL UNIQUE,
    type         text             NOT NULL CHECK (type IN ('exposure', 'conversion')),
    unit_id      text             NOT NULL,
    experiment   text,
    variant      text,
    metric       text,
    value        double precision,
    ts           timestamptz      NOT NULL,
    forced       boolean          NOT NULL DEFAULT false,
    attributes   jsonb,
    received_at  timestamptz      NOT NULL DEFAULT now()
);
-- the rollup worker re-reads all events of the units a batch touches
CREATE INDEX events_unit_idx ON events (unit_id);

-- Events committed but not yet folded into the rollups; filled by the same statement that inserts the event.
CREATE TABLE event_inbox (
    seq  bigint PRIMARY KEY
);

-- One row per experiment and unit: the first exposure decides variant, day and segment attributes.
CREATE TABLE exposures (
    experiment  text        NOT NULL,
    unit_id     text        NOT NULL,
    variant     text        NOT NULL,
    first_at    timestamptz NOT NULL,
    forced      boolean     NOT NULL,
    multiple    boolean     NOT NULL,
    attributes  jsonb,
    PRIMARY KEY (experiment, unit_id)
);

-- Per-day deltas of the sufficient statistics (see dev.moments.server.report.RollupRow).
-- segment_attribute = '' and segment_value = '' is the row for all units.
CREATE TABLE rollups (
    experiment         text             NOT NULL,
    metric             text             NOT NULL,
    variant            text             NOT NULL,
    day                date             NOT NULL,
    segment_attribute  text             NOT NULL,
    segment_value      text             NOT NULL,
    units              bigint           NOT NULL DEFAULT 0,
    converted          bigint           NOT NULL DEFAULT 0,
    sum                double precision NOT NULL DEFAULT 0,
    sum_squares        double precision NOT NULL DEFAULT 0,
    PRIMARY KEY (experiment, segment_attribute, metric, variant, day, segment_value)
);
