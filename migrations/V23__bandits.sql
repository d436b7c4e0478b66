-- Issue 21: bandits. An experiment's allocation: {"type":"fixed"} (its variants' weights as set) or
-- {"type":"bandit","updateEvery":"PT1H","minShare":0.05,"burnInUnits":1000}, whose weights the server sets.
ALTER TABLE experiments ADD COLUMN allocation jsonb NOT NULL DEFAULT '{"type":"fixed"}';

-- One row per weight update of a running bandit, numbered from 1 per experiment (the primary key makes
-- two servers' updates of the same period collide, so exactly one is made). `at` is when the weights were
-- published (the new variants are in the experiments row from then on, the replaced ones in
-- experiment_variant_history); `weights` and `probability_best` map variant keys to shares and to the
-- posterior probability of being the best arm; `units` is how many units the experiment had counted then.
-- A report of a bandit reads its periods here: period k runs from update k-1 (or the start) to update k.
CREATE TABLE bandit_updates (
    experiment        text        NOT NULL REFERENCES experiments (key),
    number            integer     NOT NULL CHECK (number >= 1),
    at                timestamptz NOT NULL,
    weights           jsonb       NOT NULL,
    probability_best  jsonb       NOT NULL,
    units             bigint      NOT NULL CHECK (units >= 0),
    PRIMARY KEY (experiment, number)
);
