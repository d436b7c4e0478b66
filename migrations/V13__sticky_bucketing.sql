-- Issue 21: a sticky experiment keeps each unit in the variant it was first counted in, so once started it may
-- take new weights and added variants (a draft-only change otherwise).
ALTER TABLE experiments ADD COLUMN sticky boolean NOT NULL DEFAULT false;

-- The variants (with their weights) a started experiment had before each such change. The fold accepts an
-- exposure whose variant the unit's hash gives with the current weights or with any of these, so a unit
-- exposed before a change, or by a page still holding the earlier config, is not called implausible; and a
-- rebuild of the rollups reaches the same verdicts as the fold did.
CREATE TABLE experiment_variant_history (
    id           bigserial   PRIMARY KEY,
    experiment   text        NOT NULL REFERENCES experiments (key),
    variants     jsonb       NOT NULL,
    replaced_at  timestamptz NOT NULL
);
CREATE INDEX experiment_variant_history_experiment_idx ON experiment_variant_history (experiment);
