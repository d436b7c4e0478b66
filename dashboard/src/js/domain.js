// The moments-of-truth vocabulary the pages share: stage order and a one-line explanation each,
// and how a decision or status reads as a badge.

export const STAGES = [
  { key: "LZMOT", name: "Less than zero moment", explain: "The need appears: an ad, a post or an e-mail catches the eye." },
  { key: "ZMOT", name: "Zero moment", explain: "Research before any contact: search, reviews, comparisons." },
  { key: "FMOT", name: "First moment", explain: "First 3 to 7 seconds with the offer: the landing page decides." },
  { key: "SMOT", name: "Second moment", explain: "Using the product after purchase: onboarding and first use." },
  { key: "UMOT", name: "Ultimate moment", explain: "The customer shares the experience: reviews, referrals, shares." },
];

export const OUTCOMES = {
  winner: { label: "Winner", tone: "good" },
  keep_running: { label: "Keep running", tone: "info" },
  no_difference: { label: "No difference", tone: "neutral" },
  guardrail_harm: { label: "Guardrail harm", tone: "warn" },
  srm: { label: "SRM", tone: "bad", title: "Sample ratio mismatch: the split is broken" },
};

export const STATUSES = {
  draft: { label: "Draft", tone: "neutral" },
  running: { label: "Running", tone: "good" },
  paused: { label: "Paused", tone: "warn" },
  stopped: { label: "Stopped", tone: "muted" },
};

export const VARIANT_KINDS = ["landing_page", "ad", "generic"];
export const METRIC_TYPES = ["binomial", "mean", "ratio", "retention"];
export const CORRECTIONS = ["holm", "bh", "none"];
export const METHODS = ["group_sequential", "always_valid", "fixed"];
export const SPENDINGS = ["obrien_fleming", "pocock"];
export const VARIANCE_REDUCTIONS = ["cuped", "none"];

/** Experiments with data worth a report: a draft has none yet. */
export const hasReport = (status) => status === "running" || status === "paused" || status === "stopped";

/** The report says `stoppedEarly` when an experiment was stopped before its data decided. */
const INCONCLUSIVE = { label: "Inconclusive", tone: "neutral", title: "Stopped before the planned sample was reached" };

/** The badge of a report's decision, as the API states it. */
export function outcomeBadge(decision) {
  if (decision?.stoppedEarly) return INCONCLUSIVE;
  const outcome = decision?.outcome;
  return OUTCOMES[outcome] ?? { label: outcome ? String(outcome).replaceAll("_", " ") : "No decision", tone: "neutral" };
}

export function statusBadge(status) {
  return STATUSES[status] ?? { label: status ?? "unknown", tone: "neutral" };
}

export function stageOf(key) {
  return STAGES.find((s) => s.key === key);
}

/** Variant colours, in order, chosen to stay apart for colour-blind readers (Okabe–Ito). */
export const VARIANT_COLOURS = ["#5b6472", "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"];
export const variantColour = (index) => VARIANT_COLOURS[index % VARIANT_COLOURS.length];
