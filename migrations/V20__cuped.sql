-- issue 18 item 2: CUPED with context. A metric row of an experiment with stats.varianceReduction = cuped also
-- keeps the regression sums of its units (dev.moments.server.stats.CovariateMoments#toArray: n, Σy, Σy², Σx,
-- packed Σxxᵀ, Σxy); merged element by element like the other sums. NULL for every other row.
ALTER TABLE rollups ADD COLUMN covariates double precision[];

-- Experiments stored before keep their behaviour: their rollups have no covariate sums (rebuild-rollups would
-- add them, but the figures an experiment already showed should not change under it), so they are "none".
-- Only new experiments get the new default, cuped.
UPDATE experiments
   SET stats = stats || jsonb_build_object('varianceReduction', 'none', 'lookbackDays', 14)
 WHERE NOT stats ? 'varianceReduction';
