-- Issue 19.2: the fold is split by a hash of the unit id into a fixed number of partitions, so that several
-- servers fold at once. A unit's events, state and exposures belong to one partition, so only the rollups and
-- metric_days are written by several folders (additive upserts in one key order: server/README.md, "Folding on
-- several servers"). Each server's worker claims partitions with session advisory locks; each fold transaction
-- also takes a transaction lock per partition it folds (the fence), so no two transactions fold one partition
-- at once whoever claims it.

-- The number of partitions, fixed here: changing it needs a migration that also renumbers event_inbox.part.
CREATE FUNCTION fold_partitions() RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN 16;

-- The partition of a unit: a 64-bit hash of its id (PostgreSQL's own, stable across versions for text in the
-- default deterministic collation), modulo the count.
CREATE FUNCTION fold_partition(unit text) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ((hashtextextended(unit, 0) & 9223372036854775807) % fold_partitions())::smallint;

ALTER TABLE event_inbox ADD COLUMN part smallint;
UPDATE event_inbox i SET part = fold_partition(e.unit_id) FROM events e WHERE e.seq = i.seq;
ALTER TABLE event_inbox ALTER COLUMN part SET NOT NULL;
-- A folder reads its partitions' oldest events: (part, seq) is the one index the inbox needs.
ALTER TABLE event_inbox DROP CONSTRAINT event_inbox_pkey, ADD PRIMARY KEY (part, seq);

-- The oldest event still waiting (null when none): one index probe per partition, as the inbox has no index
-- on seq alone any more. The lag gauge and every report's dataAsOf read it.
CREATE FUNCTION inbox_oldest_seq() RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (SELECT min((SELECT min(i.seq) FROM event_inbox i WHERE i.part = p))
            FROM generate_series(0, fold_partitions() - 1) AS p);
