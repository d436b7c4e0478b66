-- Issue 19.4, retention: raw events partitioned by the day they were received (declarative range partitioning on
-- received_at, UTC days), so that MOMENTS_EVENT_RETENTION_DAYS drops whole days (DROP TABLE of a partition: no
-- DELETE, no bloat, no vacuum). server/README.md, "Event retention".
--
-- A partitioned table has no unique index on id alone (a unique index must include the partition key), so the
-- dedupe moves to event_ids: one row per event id, kept at least for the clients' resend window (8 days: the
-- parser refuses client timestamps more than 7 days old, plus a day for clock skew and retries), and as long as
-- the events themselves are kept. The writer inserts the ids first (ON CONFLICT DO NOTHING), then the events of
-- the ids that were new, in one statement: a resent id is a duplicate whichever server gets it, as before.

-- 1. The dedupe key, filled with every id stored so far (so the default, keep everything, keeps deduplicating
--    every id ever stored, as before).
CREATE TABLE event_ids (
    id           text        NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO event_ids (id, received_at) SELECT id, received_at FROM events;
ALTER TABLE event_ids ADD PRIMARY KEY (id);  -- built once after the copy: faster than row by row
-- The retention job deletes the ids past the window by receipt time; ids arrive in time order, so a BRIN index
-- (a few pages, almost free to maintain) finds them without scanning the table.
CREATE INDEX event_ids_received_brin ON event_ids USING brin (received_at);

-- 2. The existing table becomes the first partition, as it is (no copy): it holds everything received before the
--    migration, and is dropped whole once the migration's time is past the retention.
ALTER TABLE events RENAME TO events_before_v27;
ALTER TABLE events_before_v27 DROP CONSTRAINT events_id_key;
ALTER INDEX events_unit_idx RENAME TO events_before_v27_unit_idx;
ALTER SEQUENCE events_seq_seq OWNED BY NONE;

CREATE TABLE events (
    seq          bigint           NOT NULL DEFAULT nextval('events_seq_seq'),
    id           text             NOT NULL,
    type         text             NOT NULL CONSTRAINT events_type_check CHECK (type IN ('exposure', 'conversion')),
    unit_id      text             NOT NULL,
    experiment   text,
    variant      text,
    metric       text,
    value        double precision,
    ts           timestamptz      NOT NULL,
    forced       boolean          NOT NULL DEFAULT false,
    attributes   jsonb,
    received_at  timestamptz      NOT NULL DEFAULT now(),
    source       text,
    excluded     text
) PARTITION BY RANGE (received_at);
ALTER SEQUENCE events_seq_seq OWNED BY events.seq;

-- Rows no partition takes (the job did not create a day ahead in time): an insert never fails for want of one.
CREATE TABLE events_default PARTITION OF events DEFAULT;

-- The old partition ends now (past its newest row); the rest of today is a partition of its own.
DO $$
DECLARE
    upto timestamptz := greatest(now(), (SELECT max(received_at) FROM events_before_v27) + interval '1 microsecond');
    midnight timestamptz := (date_trunc('day', upto AT TIME ZONE 'UTC') + interval '1 day') AT TIME ZONE 'UTC';
BEGIN
    EXECUTE format('ALTER TABLE events ATTACH PARTITION events_before_v27 FOR VALUES FROM (MINVALUE) TO (%L)', upto);
    EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                   'events_' || to_char(upto AT TIME ZONE 'UTC', 'YYYYMMDD'), upto, midnight);
END $$;

-- The fold reads events by seq (from the inbox, which also carries received_at so that only the partitions of
-- those days are probed), the rebuild and a unit's recount by unit. The old primary key on seq cannot be the
-- partitioned index (it is unique), so the seq index is built for the old partition and the key dropped after.
CREATE INDEX events_seq_idx ON events (seq);
CREATE INDEX events_unit_idx ON events (unit_id);
ALTER TABLE events_before_v27 DROP CONSTRAINT events_pkey;

-- 3. The inbox carries each event's received_at, so the fold's read of its batch prunes to those days' partitions.
ALTER TABLE event_inbox ADD COLUMN received_at timestamptz;
UPDATE event_inbox i SET received_at = e.received_at FROM events e WHERE e.seq = i.seq;
DELETE FROM event_inbox WHERE received_at IS NULL;  -- none: an inbox row always has its event
ALTER TABLE event_inbox ALTER COLUMN received_at SET NOT NULL;

-- 4. The partitions and the job's statements.

-- Each range partition of events with its upper bound (exclusive); the default partition is not listed.
CREATE FUNCTION event_partition_bounds() RETURNS TABLE (name text, upper_bound timestamptz)
    LANGUAGE sql STABLE AS $$
    SELECT c.relname::text,
           (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']*)''\)'))[1]::timestamptz
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'events'::regclass AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
$$;

-- Creates the daily partitions after the newest one (or from `through`'s day when there is none) up to and
-- including the UTC day `through`; answers how many it created. A day the default partition already holds rows
-- of is left to the default (creating it would fail): those rows stay there and the retention deletes them.
CREATE FUNCTION event_partitions_ensure(through date) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    newest timestamptz := (SELECT max(upper_bound) FROM event_partition_bounds());
    day date := coalesce((newest AT TIME ZONE 'UTC')::date, through);
    made integer := 0;
    low timestamptz;
    high timestamptz;
BEGIN
    WHILE day <= through LOOP
        low := day::timestamp AT TIME ZONE 'UTC';
        high := (day + 1)::timestamp AT TIME ZONE 'UTC';
        IF NOT EXISTS (SELECT 1 FROM events_default WHERE received_at >= low AND received_at < high) THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                           'events_' || to_char(day, 'YYYYMMDD'), low, high);
            made := made + 1;
        END IF;
        day := day + 1;
    END LOOP;
    RETURN made;
END $$;

-- The next two days exist from the start; the job keeps creating days ahead.
SELECT event_partitions_ensure((now() AT TIME ZONE 'UTC')::date + 2);

-- One row: events received before dropped_before may have been dropped by the retention (null: none ever was).
-- rebuild-rollups refuses then, and the fold's recount of a unit checks its retained history first.
CREATE TABLE event_retention_status (
    only_row        boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    dropped_before  timestamptz
);
INSERT INTO event_retention_status (dropped_before) VALUES (NULL);

-- When the oldest event still waiting to be folded was received (null when none waits): one index probe per fold
-- partition, read from the inbox itself instead of probing every events partition for its seq. The lag gauge,
-- every report's dataAsOf and the retention (which never drops a day the fold still needs) read it.
CREATE FUNCTION inbox_oldest_received_at() RETURNS timestamptz LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (SELECT min((SELECT i.received_at FROM event_inbox i WHERE i.part = p ORDER BY i.seq LIMIT 1))
            FROM generate_series(0, fold_partitions() - 1) AS p);
