-- Trust: a report's dataAsOf promises that every event stored before it is in the report's figures, so it never
-- moves back. inbox_oldest_received_at() alone could not keep that promise: an event's received_at is its writing
-- transaction's start (now()), and the row is invisible until that transaction commits, so a report read between a
-- writer's start and its commit found nothing waiting, said "data as of" its own clock (later than the event's
-- received_at, an event not in the figures), and the next report, the event now waiting, went back to it.
--
-- fold_watermark() reads, in this order: the clock; the start of every transaction of this database that is
-- writing the inbox (a writer stores its events and their inbox rows in one statement; the fold deletes from it,
-- and it started after the events it folds); then, with a snapshot taken after both, the inbox's oldest waiting
-- event. A writer that started before the clock is then either still running (its start counts) or committed
-- before the inbox was read (its events are waiting, or folded into the rollups the report reads after).
-- oldest_waiting is null when nothing waits and nothing is being written; read_at is the clock.
CREATE FUNCTION fold_watermark(OUT oldest_waiting timestamptz, OUT read_at timestamptz)
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    writing timestamptz;
BEGIN
    read_at := clock_timestamp();
    SELECT min(a.xact_start) INTO writing
    FROM pg_stat_activity a
    WHERE a.pid <> pg_backend_pid()
      AND a.datname = current_database()
      AND EXISTS (SELECT 1 FROM pg_locks l
                  WHERE l.pid = a.pid AND l.relation = 'event_inbox'::regclass AND l.mode = 'RowExclusiveLock');
    -- a new statement: a snapshot taken after the writers were read (plpgsql, volatile, read committed)
    oldest_waiting := least(writing, inbox_oldest_received_at());
END $$;
