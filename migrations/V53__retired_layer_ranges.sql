-- Buckets an experiment gave up by lowering its traffic while it held a range. No other experiment
-- of the moment takes them until it stops: their units were exposed to it, and another experiment
-- growing into them would count those units in both (or move them to another variant).
ALTER TABLE experiments ADD COLUMN retired_ranges jsonb NOT NULL DEFAULT '[]';
