-- Issue 15: metrics have a direction, experiments declare their funnel, and the metric keys events use are counted.

-- The funnel the report shows, as metric keys in order; [] is no funnel. Before this column the funnel was the
-- primary then the binomial secondary metrics in declaration order, which is not a funnel: existing experiments
-- start without one and may declare one while they are drafts.
ALTER TABLE experiments ADD COLUMN funnel jsonb NOT NULL DEFAULT '[]';

-- A metric without "direction" is read as "increase" from now on. Guardrails were read as "lower is better"
-- (refunds, page errors) before metrics had a direction, so the guardrails stored until now say so explicitly.
UPDATE experiments e
   SET guardrail_metrics = (
         SELECT jsonb_agg(CASE WHEN jsonb_typeof(m) = 'object' AND NOT m ? 'direction'
                               THEN m || '{"direction": "decrease"}'
                               WHEN jsonb_typeof(m) = 'string'
                               THEN jsonb_build_object('key', m, 'type', 'binomial', 'direction', 'decrease')
                               ELSE m END
                          ORDER BY i)
           FROM jsonb_array_elements(e.guardrail_metrics) WITH ORDINALITY AS g(m, i))
 WHERE jsonb_array_length(e.guardrail_metrics) > 0;

-- Conversions per metric key and day (UTC, of the event's timestamp), kept by the rollup worker in the transaction
-- that folds them (rebuild-rollups recomputes it), so that GET /api/v1/metrics/seen finds keys no experiment
-- declares (a typo such as "sigup") without reading raw events.
CREATE TABLE metric_days (
    metric       text   NOT NULL,
    day          date   NOT NULL,
    conversions  bigint NOT NULL,
    PRIMARY KEY (metric, day)
);
CREATE INDEX metric_days_day_idx ON metric_days (day);

-- The conversions already folded; those still in the inbox are counted by the worker when it folds them.
INSERT INTO metric_days (metric, day, conversions)
SELECT e.metric, (e.ts AT TIME ZONE 'UTC')::date, count(*)
  FROM events e
 WHERE e.type = 'conversion' AND NOT EXISTS (SELECT 1 FROM event_inbox i WHERE i.seq = e.seq)
 GROUP BY 1, 2;
