// Rough statistics for the mock server only: enough to produce a report that looks and behaves like
// the real one (normal approximations, no sequential correction). The real numbers come from the server.

export function normalCdf(z) {
  // Abramowitz–Stegun 7.1.26 on erf
  const t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.SQRT2);
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

export function normalQuantile(p) {
  // Acklam's rational approximation
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Relative lift of treatment over control from per-arm mean and variance (delta method). */
export function compare(control, treatment, alpha = 0.05) {
  const { n: nC, mean: mC, variance: vC } = control;
  const { n: nT, mean: mT, variance: vT } = treatment;
  if (!nC || !nT || !mC) return { error: nC && nT ? "zero_control_mean" : "zero_units" };
  const lift = mT / mC - 1;
  const se = Math.sqrt(vT / (mC * mC * nT) + (vC * mT * mT) / (mC ** 4 * nC));
  if (!(se > 0)) return { error: "zero_variance" };
  const z = normalQuantile(1 - alpha / 2);
  const pValue = 2 * (1 - normalCdf(Math.abs(lift / se)));
  return {
    absoluteLift: mT - mC, relativeLift: lift, ci: [lift - z * se, lift + z * se], pValue,
    chanceToBeat: normalCdf(lift / se), significant: pValue < alpha,
  };
}

/** Holm step-down adjustment. */
export function holm(pValues) {
  const order = pValues.map((p, i) => [p, i]).sort((x, y) => x[0] - y[0]);
  const out = new Array(pValues.length);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (pValues.length - rank) * p));
    out[i] = running;
  });
  return out;
}

/** Chi-square goodness of fit p-value via the Wilson–Hilferty normal approximation. */
export function srmPValue(observed, weights) {
  const total = observed.reduce((a, b) => a + b, 0);
  const wsum = weights.reduce((a, b) => a + b, 0);
  if (!total) return 1;
  const chi = observed.reduce((acc, o, i) => {
    const e = (total * weights[i]) / wsum;
    return acc + (e ? (o - e) ** 2 / e : 0);
  }, 0);
  const k = observed.length - 1;
  const z = (Math.cbrt(chi / k) - (1 - 2 / (9 * k))) / Math.sqrt(2 / (9 * k));
  return 1 - normalCdf(z);
}

/** Per-variant sample size for two proportions (normal approximation of power.prop.test). */
export function unitsPerVariant({ baseline, mde, alpha = 0.05, power = 0.8, stddev }) {
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  if (stddev) {
    const delta = baseline * mde;
    return Math.ceil((2 * (za + zb) ** 2 * stddev ** 2) / delta ** 2);
  }
  const p1 = baseline;
  const p2 = baseline * (1 + mde);
  const pbar = (p1 + p2) / 2;
  const n = (za * Math.sqrt(2 * pbar * (1 - pbar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p2 - p1) ** 2;
  return Math.ceil(n);
}
