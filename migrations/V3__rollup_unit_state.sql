-- The rollup worker's summary of each unit's folded events, so that a batch reads this instead of the unit's
-- whole history. Private to the worker (dev.moments.server.events.UnitState encodes it); rebuild-rollups
-- recomputes it from the raw events together with the rollups.
CREATE TABLE rollup_unit_state (
    unit_id  text  PRIMARY KEY,
    state    bytea NOT NULL
) WITH (fillfactor = 70);  -- every batch rewrites its units' rows: room on the page keeps the updates HOT

-- One row. complete = every unit with folded events has a state row, so a unit without one is new. Databases
-- that folded events before this table existed start incomplete: the worker then re-reads the history of a unit
-- it has no state for (and stores its state), until rebuild-rollups fills the table for all units.
CREATE TABLE rollup_state_status (
    only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    complete  boolean NOT NULL
);
-- (cheap test: any event at all; a database whose events all wait in the inbox is merely slower for a while)
INSERT INTO rollup_state_status (complete) SELECT NOT EXISTS (SELECT 1 FROM events);
