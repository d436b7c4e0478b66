-- The experiments an event the fold refused (V41, refused_events) belongs to, so that each one's report counts it
-- in its health as databaseRefused (server/README, "What counts"): its numbers miss that event. An exposure
-- belongs to the experiment it names; a conversion to every experiment its unit had an exposure event in when it
-- was refused. A key here may be longer than a btree entry takes (the very reason some events are refused), so
-- the index is a hash index, which stores the key's hash only.
CREATE TABLE refused_event_experiments (
    seq         bigint NOT NULL,
    experiment  text   NOT NULL
);
CREATE INDEX refused_event_experiments_experiment_idx ON refused_event_experiments USING hash (experiment);

INSERT INTO refused_event_experiments (seq, experiment)
SELECT r.seq, e.experiment FROM refused_events r JOIN events e ON e.seq = r.seq
WHERE e.experiment IS NOT NULL
UNION
SELECT r.seq, x.experiment FROM refused_events r JOIN events e ON e.seq = r.seq
  JOIN events x ON x.unit_id = e.unit_id AND x.type = 'exposure' AND x.experiment IS NOT NULL
WHERE e.type = 'conversion';
