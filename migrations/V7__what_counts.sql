-- What counts (server/README.md, "What counts"): every event is kept, and the ones that must not count are left
-- out of the statistics and counted by reason.

-- How the event reached us, decided at ingestion because only the request knows it: 'ad' for an ad click's
-- exposure (counted in the ad experiment), else null.
ALTER TABLE events ADD COLUMN source text;
-- Why the request makes the event not count (bot, unsignedForce, unsignedAd, manyUnitsInRequest), else null.
-- Reasons that depend on the experiment's history (before its start, while paused, after its stop, a variant
-- the unit's hash does not give) are decided by the fold from the experiment, never stored here, so that
-- rebuild-rollups recomputes them.
ALTER TABLE events ADD COLUMN excluded text;

-- The unit's standing came from an ad click: the ad variant it keeps on later visits (POST /assign answers it).
ALTER TABLE exposures ADD COLUMN ad boolean NOT NULL DEFAULT false;

-- GET /api/v1/events/summary adds up the excluded events of every experiment (a few rows per experiment and day).
CREATE INDEX rollups_excluded_idx ON rollups (experiment, metric)
    WHERE segment_attribute = '' AND metric LIKE '$excluded:%';
