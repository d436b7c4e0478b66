-- The exact number of events waiting in event_inbox, kept by the statements that add and remove them, so that
-- the backlog gauge reads a few rows instead of counting the inbox (millions of rows during a burst). Spread
-- over 16 rows by backend, so that concurrent writers rarely update the same row; the backlog is their sum.
CREATE TABLE event_inbox_count (
    slot    integer PRIMARY KEY,
    events  bigint  NOT NULL
);
INSERT INTO event_inbox_count (slot, events) SELECT s, 0 FROM generate_series(0, 15) AS s;
UPDATE event_inbox_count SET events = (SELECT count(*) FROM event_inbox) WHERE slot = 0;

CREATE FUNCTION event_inbox_counted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT count(*) INTO changed FROM added;
    ELSE
        SELECT -count(*) INTO changed FROM removed;
    END IF;
    IF changed <> 0 THEN
        UPDATE event_inbox_count SET events = events + changed WHERE slot = pg_backend_pid() % 16;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER event_inbox_added AFTER INSERT ON event_inbox
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION event_inbox_counted();
CREATE TRIGGER event_inbox_removed AFTER DELETE ON event_inbox
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION event_inbox_counted();
-- TRUNCATE would bypass the count: nothing truncates the inbox.
