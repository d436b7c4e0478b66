// Builds a report in the shape of API.md from a list of units (variant, day, conversions, attributes).
import { SEGMENT_ATTRIBUTES } from "./contract.js";
import { compare, holm, srmPValue, unitsPerVariant } from "./mock-stats.js";

const metricList = (e) => [
  { ...asMetric(e.primaryMetric), role: "primary" },
  ...(e.secondaryMetrics ?? []).map((m) => ({ ...asMetric(m), role: "secondary" })),
  ...(e.guardrailMetrics ?? []).map((m) => ({ ...asMetric(m), role: "guardrail" })),
];
export const asMetric = (m) => (typeof m === "string" ? { key: m, type: "binomial" } : { type: "binomial", ...m });

function armStats(units, metric) {
  const values = units.map((u) => u.conversions[metric.key] ?? 0);
  const n = values.length;
  const conversions = values.filter((v) => v > 0).length;
  const perUnit = metric.type === "mean" ? values : values.map((v) => (v > 0 ? 1 : 0));
  const sum = perUnit.reduce((a, b) => a + b, 0);
  const mean = n ? sum / n : 0;
  const variance = n > 1 ? perUnit.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { n, conversions, sum, mean, variance };
}

function metricSection(experiment, units, metric) {
  const byVariant = experiment.variants.map((v) => [v.key, armStats(units.filter((u) => u.variant === v.key), metric)]);
  const control = byVariant.find(([k]) => k === experiment.control)[1];
  const comparisons = byVariant.filter(([k]) => k !== experiment.control).map(([key, s]) => {
    const c = compare(control, s, experiment.stats?.alpha ?? 0.05);
    return c.error ? { variant: key, control: experiment.control, error: c.error } : { variant: key, control: experiment.control, ...c };
  });
  const correction = metric.role === "primary" ? experiment.stats?.correction ?? "holm" : "none";
  const withP = comparisons.filter((c) => !c.error);
  const adjusted = correction === "holm" ? holm(withP.map((c) => c.pValue)) : withP.map((c) => c.pValue);
  withP.forEach((c, i) => {
    c.adjustedPValue = adjusted[i];
    c.significant = adjusted[i] < (experiment.stats?.alpha ?? 0.05);
  });
  return {
    metric: metric.key, role: metric.role, type: metric.type,
    adjustment: metric.role === "primary" ? correction : "none (reported unadjusted)",
    variants: byVariant.map(([key, s]) => ({ key, units: s.n, conversions: s.conversions, mean: s.mean, ...(metric.type === "mean" ? { sum: s.sum } : {}) })),
    comparisons,
  };
}

function funnel(experiment, units) {
  const steps = metricList(experiment).filter((m) => m.role !== "guardrail" && m.type === "binomial");
  return steps.map((step, i) => ({
    metric: step.key,
    variants: experiment.variants.map((v) => {
      const exposed = units.filter((u) => u.variant === v.key);
      const reached = (upTo) => exposed.filter((u) => steps.slice(0, upTo + 1).every((s) => (u.conversions[s.key] ?? 0) > 0)).length;
      const here = reached(i);
      const previous = i === 0 ? exposed.length : reached(i - 1);
      return { key: v.key, units: here, rate: exposed.length ? here / exposed.length : 0, rateFromPrevious: previous ? here / previous : 0 };
    }),
  }));
}

function timeline(experiment, units, primary) {
  const days = [...new Set(units.map((u) => u.day))].sort();
  return days.map((day) => {
    const upTo = units.filter((u) => u.day <= day);
    const section = metricSection(experiment, upTo, primary);
    return {
      date: day,
      variants: section.comparisons.map((c) => ({
        key: c.variant, units: upTo.filter((u) => u.variant === c.variant).length,
        relativeLift: c.relativeLift, ci: c.ci ? widen(c.ci, c.relativeLift, upTo.length) : undefined,
      })),
    };
  });
}

// The mock imitates an always-valid band: wider than the fixed interval, more so with few units.
const widen = ([lo, hi], mid, n) => {
  const k = 1 + 6 / Math.sqrt(Math.max(n, 1) / 50);
  return [mid - (mid - lo) * Math.min(k, 3), mid + (hi - mid) * Math.min(k, 3)];
};

function decide(experiment, variants, srm, metrics) {
  const primary = metrics[0];
  const stats = experiment.stats ?? {};
  const control = primary.variants.find((v) => v.key === experiment.control);
  const baseline = Math.max(control?.mean ?? 0.02, 0.001);
  const planned = unitsPerVariant({ baseline, mde: stats.mde ?? 0.1, alpha: stats.alpha ?? 0.05, power: stats.power ?? 0.8 });
  const smallest = Math.min(...variants.map((v) => v.units));
  const unitsNeeded = Math.max(0, (planned - smallest) * variants.length);
  const perDay = experiment.unitsPerDay ?? 0;
  const daysLeft = perDay ? unitsNeeded / perDay : null;
  if (!srm.ok) return { outcome: "srm", reason: "The split between variants is off from the configured weights, so tracking or assignment is broken: no result can be trusted until it is fixed.", unitsNeeded, daysLeft };
  const winners = primary.comparisons.filter((c) => c.significant && c.relativeLift > 0);
  const harmed = metrics.filter((m) => m.role === "guardrail").flatMap((m) => m.comparisons.filter((c) => c.significant && c.relativeLift > 0).map((c) => [c.variant, m.metric]));
  if (winners.length && winners.every((w) => harmed.some(([v]) => v === w.variant))) {
    const [v, metric] = harmed[0];
    return { outcome: "guardrail_harm", winner: null, reason: `${v} lifts ${primary.metric} but significantly raises ${metric}, a guardrail: do not roll it out.`, unitsNeeded: 0, daysLeft: 0 };
  }
  if (winners.length) {
    const best = winners.sort((a, b) => b.relativeLift - a.relativeLift)[0];
    return { outcome: "winner", winner: best.variant, reason: `${best.variant} raises ${primary.metric} by ${(best.relativeLift * 100).toFixed(1)}% over ${experiment.control}; it is safe to roll out.`, unitsNeeded: 0, daysLeft: 0 };
  }
  if (unitsNeeded === 0) return { outcome: "no_difference", reason: `The planned sample is reached and no variant changes ${primary.metric} by the smallest lift worth detecting.`, unitsNeeded: 0, daysLeft: 0 };
  return { outcome: "keep_running", reason: `No variant is ahead yet: about ${unitsNeeded.toLocaleString("en-US")} more visitors are needed to detect a ${Math.round((stats.mde ?? 0.1) * 100)}% lift.`, unitsNeeded, daysLeft };
}

/** As the server: a stopped experiment whose data would keep running says it stopped early. */
function stoppedEarly(experiment, decision) {
  if (experiment.status !== "stopped" || decision.outcome !== "keep_running") return decision;
  return { ...decision, stoppedEarly: true, reason: `Stopped before the data decided; had it kept running: ${decision.reason}` };
}

export function buildReport(experiment, moment, allUnits, segment) {
  const multiple = allUnits.filter((u) => u.multiple).length;
  const forced = allUnits.filter((u) => u.forced).length;
  const units = allUnits.filter((u) => !u.multiple && !u.forced);
  const weightSum = experiment.variants.reduce((a, v) => a + v.weight, 0);
  const variants = experiment.variants.map((v) => ({ key: v.key, units: units.filter((u) => u.variant === v.key).length, expectedShare: v.weight / weightSum }));
  const srmP = srmPValue(variants.map((v) => v.units), experiment.variants.map((v) => v.weight));
  // as the server: with no unit there is no p-value, only the reason
  const srm = units.length ? { pValue: srmP, ok: srmP >= 0.001 } : { ok: true, error: "no_units" };
  const metrics = metricList(experiment).map((m) => metricSection(experiment, units, m));
  const report = {
    experiment: experiment.key, status: experiment.status, moment: experiment.moment, stage: moment?.stage,
    variants, srm, metrics, funnel: funnel(experiment, units), timeline: timeline(experiment, units, metricList(experiment)[0]),
    health: { multipleExposures: multiple, forcedExposures: forced },
    decision: stoppedEarly(experiment, decide(experiment, variants, srm, metrics)),
    segmentAttributes: SEGMENT_ATTRIBUTES,
  };
  if (experiment.allocation?.type === "bandit") banditReading(report, units);
  if (segment) {
    const values = [...new Set(units.map((u) => u.attributes?.[segment]).filter((v) => v !== undefined))].sort();
    report.segments = values.map((value) => {
      const part = units.filter((u) => u.attributes?.[segment] === value);
      return {
        attribute: segment, value: String(value),
        variants: experiment.variants.map((v) => ({ key: v.key, units: part.filter((u) => u.variant === v.key).length, expectedShare: v.weight / weightSum })),
        metrics: metricList(experiment).map((m) => metricSection(experiment, part, m)),
      };
    });
  }
  return report;
}

/**
 * As the server for a bandit: changingSplit with each arm's mean and its probability of being the
 * best (normal posteriors, seeded draws), and a keep_running decision naming the best arm. The mock
 * has one period, so weighted and pooled means agree.
 */
function banditReading(report, units) {
  const metric = report.metrics[0];
  const arms = metric.variants.map((v) => {
    const n = units.filter((u) => u.variant === v.key).length;
    const x = units.filter((u) => u.variant === v.key && u.conversions[metric.metric]).length;
    const mean = n ? x / n : 0;
    return { key: v.key, units: n, mean, standardError: n ? Math.sqrt(mean * (1 - mean) / n) : 0, pooledMean: mean };
  });
  let s = 21;
  const uniform = () => { s = (s * 1103515245 + 12345) % 2147483648; return (s + 0.5) / 2147483648; };
  const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const wins = arms.map(() => 0);
  for (let d = 0; d < 4000; d++) {
    const draws = arms.map((a) => a.mean + a.standardError * gauss());
    wins[draws.indexOf(Math.max(...draws))]++;
  }
  const probabilities = Object.fromEntries(arms.map((a, i) => [a.key, wins[i] / 4000]));
  const best = arms[wins.indexOf(Math.max(...wins))].key;
  report.changingSplit = { estimator: "inverse-probability", granularity: "exposure_day", periods: [], metrics: [{ metric: metric.metric, variants: arms, comparisons: [] }],
    bandit: { method: "monte_carlo", bestArm: best, probabilityBest: probabilities[best], probabilities } };
  if (report.decision.outcome !== "srm") {
    report.decision = { ...report.decision, outcome: "keep_running", winner: null, bestArm: best, probabilityBest: probabilities[best],
      reason: `A bandit: ${best} is the best arm on ${metric.metric} with probability ${Math.round(probabilities[best] * 100)}%. The bandit keeps moving traffic to it.` };
  }
}

export function reportCsv(report) {
  const rows = [["metric", "role", "variant", "units", "conversions", "mean", "relative_lift", "ci_low", "ci_high", "p_value", "adjusted_p_value", "chance_to_beat"]];
  for (const m of report.metrics) {
    for (const v of m.variants) {
      const c = m.comparisons.find((x) => x.variant === v.key) ?? {};
      rows.push([m.metric, m.role, v.key, v.units, v.conversions, v.mean, c.relativeLift ?? "", c.ci?.[0] ?? "", c.ci?.[1] ?? "", c.pValue ?? "", c.adjustedPValue ?? "", c.chanceToBeat ?? ""]);
    }
  }
  return rows.map((r) => r.join(",")).join("\n") + "\n";
}
