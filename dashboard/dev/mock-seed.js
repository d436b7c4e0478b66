// Demo moments and experiments for the mock server, with seeded synthetic visitors.

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ATTRS = {
  device: ["mobile", "desktop", "tablet"], channel: ["search", "social", "email", "ad"],
  country: ["DE", "FR", "US", "GB"], intent: ["know", "go", "do", "buy"], returning: ["true", "false"],
};

const dayString = (start, i) => new Date(Date.parse(start) + i * 86400000).toISOString().slice(0, 10);

/**
 * rates: variant key → {metric: probability | {mean, p}} ; skew shifts the split to fake an SRM.
 */
function synthesize(experiment, { seed, units, days, rates, skew = 0 }) {
  const random = rng(seed);
  const out = [];
  const weights = experiment.variants.map((v) => v.weight);
  const total = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < units; i++) {
    let r = random() * total + (random() < skew ? -total / 4 : 0);
    const variant = experiment.variants.find((v, k) => (r -= weights[k]) < 0) ?? experiment.variants[0];
    const attributes = Object.fromEntries(Object.entries(ATTRS).map(([k, vs]) => [k, vs[Math.floor(random() * vs.length)]]));
    const conversions = {};
    let reachedPrevious = true;
    for (const [metric, spec] of Object.entries(rates[variant.key])) {
      if (typeof spec === "number") {
        // funnel metrics are chained: a unit only reaches a later step after the earlier ones
        const independent = metric.startsWith("g:");
        const hit = (independent || reachedPrevious) && random() < spec;
        if (hit) conversions[metric] = 1;
        if (!independent) reachedPrevious = hit;
      } else if (random() < spec.p) {
        conversions[metric] = Math.round(spec.mean * (0.3 + random() * 1.4) * 100) / 100;
      }
    }
    for (const key of Object.keys(conversions)) {
      if (key.startsWith("g:")) { conversions[key.slice(2)] = conversions[key]; delete conversions[key]; }
    }
    out.push({ unitId: `seed-${seed}-${i}`, variant: variant.key, day: dayString("2026-11-09", Math.floor((i / units) * days)), conversions, attributes,
      forced: random() < 0.004, multiple: random() < 0.001 });
  }
  return out;
}

const v = (key, weight, kind, payload) => ({ key, weight, kind, payload });
const stats = (over = {}) => ({ alpha: 0.05, power: 0.8, mde: 0.1, sequential: true, correction: "holm", ...over });

export function seed(store) {
  const moments = [
    { key: "lzmot.spring-ad", stage: "LZMOT", name: "Spring social ad", description: "Paid social creative for the spring campaign." },
    { key: "zmot.search-ad", stage: "ZMOT", name: "Search ad copy", description: "Headline of the paid search ad." },
    { key: "fmot.landing-hero", stage: "FMOT", name: "Landing hero", description: "The first screen of the landing page." },
    { key: "fmot.pricing-cta", stage: "FMOT", name: "Pricing call to action", description: "" },
    { key: "smot.onboarding", stage: "SMOT", name: "Onboarding checklist", description: "First-run checklist after purchase." },
    { key: "umot.review-request", stage: "UMOT", name: "Review request", description: "E-mail asking for a review a week after purchase." },
  ];
  moments.forEach((m) => store.moments.set(m.key, m));
  const add = (experiment, synth) => {
    store.experiments.set(experiment.key, { trafficPercent: 100, targeting: null, secondaryMetrics: [], guardrailMetrics: [], stats: stats(), ...experiment });
    store.units.set(experiment.key, synth ? synthesize(store.experiments.get(experiment.key), synth) : []);
  };
  add({ key: "hero-2026-11", moment: "fmot.landing-hero", name: "Bold hero", hypothesis: "A bold, benefit-first hero keeps visitors past the first 5 seconds.",
    status: "running", control: "control", primaryMetric: "signup", unitsPerDay: 1700,
    variants: [v("control", 34, "landing_page", { layout: "classic" }), v("bold", 33, "landing_page", { layout: "bold" }), v("video", 33, "landing_page", { layout: "video" })],
    secondaryMetrics: [{ key: "first_purchase" }, { key: "revenue", type: "mean" }], guardrailMetrics: [{ key: "refund" }] },
  { seed: 7, units: 24000, days: 14, rates: {
    control: { signup: 0.046, first_purchase: 0.35, "g:refund": 0.004, "g:revenue": { p: 0.016, mean: 48 } },
    bold: { signup: 0.058, first_purchase: 0.36, "g:refund": 0.004, "g:revenue": { p: 0.021, mean: 49 } },
    video: { signup: 0.047, first_purchase: 0.33, "g:refund": 0.005, "g:revenue": { p: 0.015, mean: 47 } } } });
  add({ key: "search-ad-copy", moment: "zmot.search-ad", name: "Price in the headline", hypothesis: "Naming the price in the ad filters out visitors who would bounce.",
    status: "running", control: "control", primaryMetric: "click", unitsPerDay: 900, stats: stats({ mde: 0.05 }),
    variants: [v("control", 50, "ad", { headline: "Plan your week in minutes" }), v("price", 50, "ad", { headline: "From 4 € a month" })] },
  { seed: 11, units: 6000, days: 7, rates: { control: { click: 0.031 }, price: { click: 0.032 } } });
  add({ key: "onboarding-checklist", moment: "smot.onboarding", name: "Five-step checklist", status: "stopped", rollout: "control", control: "control",
    primaryMetric: "activated", variants: [v("control", 50, "generic", {}), v("checklist", 50, "generic", { steps: 5 })], stats: stats({ mde: 0.2 }) },
  { seed: 13, units: 16000, days: 21, rates: { control: { activated: 0.21 }, checklist: { activated: 0.212 } } });
  add({ key: "review-incentive", moment: "umot.review-request", name: "Voucher for a review", status: "running", control: "control",
    primaryMetric: "review_posted", guardrailMetrics: [{ key: "unsubscribe" }], unitsPerDay: 600,
    variants: [v("control", 50, "generic", { subject: "How was it?" }), v("voucher", 50, "generic", { subject: "5 € for your review" })] },
  { seed: 17, units: 9000, days: 12, rates: { control: { review_posted: 0.06, "g:unsubscribe": 0.01 }, voucher: { review_posted: 0.09, "g:unsubscribe": 0.022 } } });
  add({ key: "spring-ad-creative", moment: "lzmot.spring-ad", name: "Illustrated creative", status: "running", control: "control",
    primaryMetric: "ad_click", unitsPerDay: 2500,
    variants: [v("control", 50, "ad", { creative: "photo" }), v("illustrated", 50, "ad", { creative: "illustration" })] },
  { seed: 19, units: 20000, days: 8, skew: 0.06, rates: { control: { ad_click: 0.012 }, illustrated: { ad_click: 0.013 } } });
  // a bandit of three creatives: its weights moved towards "warm" at each daily update
  add({ key: "creative-bandit", moment: "lzmot.spring-ad", name: "Creative bandit", status: "running", control: "control",
    primaryMetric: "ad_click", unitsPerDay: 1000, sticky: true, allocation: { type: "bandit", updateEvery: "P1D", minShare: 0.05, burnInUnits: 1000 },
    variants: [v("control", 0.1, "generic", { creative: "photo" }), v("warm", 0.8, "generic", { creative: "warm" }), v("bright", 0.1, "generic", { creative: "bright" })] },
  { seed: 23, units: 8000, days: 8, rates: { control: { ad_click: 0.023 }, warm: { ad_click: 0.029 }, bright: { ad_click: 0.026 } } });
  store.weightHistory = new Map([["creative-bandit", [
    [1 / 3, 1 / 3, 1 / 3], [0.3, 0.42, 0.28], [0.22, 0.5, 0.28], [0.15, 0.6, 0.25], [0.1, 0.7, 0.2], [0.1, 0.76, 0.14], [0.1, 0.8, 0.1],
  ].map(([control, warm, bright], i) => ({ at: new Date(Math.floor(Date.now() / 86400000) * 86400000 - (6 - i) * 86400000 - 43200000).toISOString(), weights: { control, warm, bright },
    probabilityBest: { control: control / 2, warm: 1 - control / 2 - bright / 2, bright: bright / 2 }, units: 1000 * (i + 1) }))]]);
  add({ key: "cta-wording", moment: "fmot.pricing-cta", name: "“Start free” wording", status: "draft", control: "control", primaryMetric: "trial_start",
    variants: [v("control", 50, "landing_page", { cta: "Buy now" }), v("free", 50, "landing_page", { cta: "Start free" })] });
}
