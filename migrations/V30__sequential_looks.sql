-- Trust: a group-sequential look, once taken, stays as taken. One row per look of a comparison (experiment, metric,
-- treatment variant against the control, look day), written when the look is first taken (by a report read or by
-- the decision watcher, whichever comes first; the primary key makes two servers record one look) and never
-- rewritten: rebuild-rollups leaves it alone. Later looks are evaluated with these past ones, so an event that
-- arrives late for a looked-at day enters the next look's cumulative data instead of changing a past look.
-- units: the comparison's two arms' units at the look; estimate and standard_error: the log ratio of the arm means
-- the monitor read (CUPED's adjusted one unless cuped_fallback names why it fell back); absolute_*: the difference of
-- the means at the look, for the interval on it; information_fraction: units / the plan's units then (capped at 1);
-- z_boundary: NULL when no stop was possible (an infinite boundary); alpha and spending: the comparison's design then
-- (later looks keep it).
CREATE TABLE sequential_looks (
    experiment              text             NOT NULL REFERENCES experiments (key),
    metric                  text             NOT NULL,
    variant                 text             NOT NULL,
    look_day                date             NOT NULL,
    look                    integer          NOT NULL CHECK (look >= 1),
    units                   double precision NOT NULL CHECK (units > 0),
    estimate                double precision NOT NULL,
    standard_error          double precision NOT NULL CHECK (standard_error > 0),
    absolute_estimate       double precision,
    absolute_standard_error double precision,
    information_fraction    double precision NOT NULL CHECK (information_fraction > 0 AND information_fraction <= 1),
    z_boundary              double precision,
    alpha_spent             double precision NOT NULL,
    alpha                   double precision NOT NULL CHECK (alpha > 0 AND alpha < 1),
    spending                text             NOT NULL,
    cuped_fallback          text,
    recorded_at             timestamptz      NOT NULL,
    PRIMARY KEY (experiment, metric, variant, look_day)
);
