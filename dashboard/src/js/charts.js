// Plain inline SVG charts: geometry functions (pure, unit-tested) and renderers that turn that
// geometry into markup. No charting library: three small charts do not justify one.
import { html } from "./html.js";
import { signedPercent, percent, shortDate, interval } from "./format.js";

const finite = (v) => typeof v === "number" && Number.isFinite(v);
const r2 = (v) => Math.round(v * 100) / 100;

/** Axis labels at the very edges are anchored inwards so they are never cut off. */
export const anchor = (x, width, margin = 24) => (x > width - margin ? "end" : x < margin ? "start" : "middle");

/** Maps [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle of the range. */
export function linearScale([d0, d1], [r0, r1]) {
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** Round tick values (1, 2, 5 × 10^n steps) covering [min, max] with about `count` ticks. */
export function niceTicks(min, max, count = 5) {
  if (!finite(min) || !finite(max)) return [];
  if (min === max) { min -= 0.05; max += 0.05; }
  const rough = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks = [];
  for (let t = Math.floor(min / step) * step; t <= max + step * 1e-9; t += step) {
    ticks.push(Number(t.toPrecision(12)));
  }
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

/**
 * Labels for percentage ticks with the fewest decimals that write every tick exactly, so that a
 * half-percent step reads "−0.5%" rather than a second "−1%".
 */
export function tickLabels(ticks) {
  const exact = (t, digits) => Math.abs(Number((t * 100).toFixed(digits)) - t * 100) < 1e-9 * Math.max(1, Math.abs(t * 100));
  const digits = [0, 1, 2, 3, 4].find((d) => ticks.every((t) => exact(t, d))) ?? 4;
  return ticks.map((t) => signedPercent(t, digits));
}

/**
 * A generous estimate of a text's width in px (system sans-serif: digits and most letters are
 * about 0.55 em wide), for reserving room without measuring in a browser.
 */
export const textWidth = (text, fontSize) => String(text).length * fontSize * 0.6;

/** A label cut with "…" to fit `maxWidth` px; `cut` says whether it was, so the whole can go in a tooltip. */
export function fitText(text, maxWidth, fontSize) {
  const value = String(text ?? "");
  if (textWidth(value, fontSize) <= maxWidth) return { text: value, cut: false };
  const chars = Math.max(1, Math.floor(maxWidth / (fontSize * 0.6)) - 1);
  return { text: `${value.slice(0, chars)}…`, cut: true };
}

/** A domain that always shows zero (no effect) and every value, with a little air on both sides. */
export function domainWithZero(values) {
  const xs = values.filter(finite);
  const lo = Math.min(0, ...xs);
  const hi = Math.max(0, ...xs);
  const pad = (hi - lo || 0.1) * 0.08;
  return [lo - pad, hi + pad];
}

// ---------------------------------------------------------------- forest plot

/**
 * rows: [{label, lift, ci:[lo,hi], significant}]; a row without numbers (a degenerate comparison)
 * keeps its place and gets no marks.
 */
export function forestLayout(rows, { width = 640, rowHeight = 34, fontSize = 13, top = 8, axisHeight = 28,
  labelWidth = Math.min(Math.round(width * 0.3), Math.max(48, ...rows.map((r) => Math.ceil(textWidth(r.label ?? "", fontSize)) + 12))) } = {}) {
  const values = rows.flatMap((r) => [r.lift, ...(Array.isArray(r.ci) ? r.ci : [])]);
  // about one tick per 90 px so that the labels never run into each other
  const ticks = niceTicks(...domainWithZero(values), Math.max(2, Math.min(5, Math.floor((width - labelWidth) / 90))));
  const domain = [Math.min(ticks[0], ...values.filter(finite)), Math.max(ticks[ticks.length - 1], ...values.filter(finite))];
  const x = linearScale(domain, [labelWidth, width - 28]);
  const height = top + rows.length * rowHeight + axisHeight;
  const labels = tickLabels(ticks);
  return {
    width, height, zeroX: r2(x(0)), axisY: top + rows.length * rowHeight,
    ticks: ticks.map((t, i) => ({ value: t, label: labels[i], x: r2(x(t)) })),
    rows: rows.map((row, i) => {
      const y = r2(top + i * rowHeight + rowHeight / 2);
      const ok = finite(row.lift) && Array.isArray(row.ci) && row.ci.every(finite);
      return { ...row, y, ok, name: fitText(row.label, labelWidth - 12, fontSize), x: ok ? r2(x(row.lift)) : null, x0: ok ? r2(x(row.ci[0])) : null, x1: ok ? r2(x(row.ci[1])) : null };
    }),
  };
}

export function forestPlot(rows, options) {
  const g = forestLayout(rows, options);
  const marks = g.rows.map((r) => html`
    <g class="forest-row ${r.significant ? "is-significant" : ""}">
      <text class="chart-label" x="0" y="${r.y}" dy="0.35em">${r.name.text}${r.name.cut ? html`<title>${r.label}</title>` : ""}</text>
      ${r.ok ? html`
        <line x1="${r.x0}" x2="${r.x1}" y1="${r.y}" y2="${r.y}" stroke="${r.colour}" stroke-width="3" stroke-linecap="round"/>
        <rect x="${r.x - 6}" y="${r.y - 6}" width="12" height="12" rx="2" fill="${r.colour}"><title>${signedPercent(r.lift)} (${interval(r.ci)})</title></rect>`
      : html`<text class="chart-note" x="${g.zeroX + 8}" y="${r.y}" dy="0.35em">not computable</text>`}
    </g>`);
  return html`
    <svg class="chart chart-forest" viewBox="0 0 ${g.width} ${g.height}" role="img" aria-label="Relative lift with confidence interval per variant">
      ${g.ticks.map((t) => html`<line class="grid" x1="${t.x}" x2="${t.x}" y1="0" y2="${g.axisY}"/>
        <text class="chart-axis" x="${t.x}" y="${g.axisY + 18}" text-anchor="${anchor(t.x, g.width)}">${t.label}</text>`)}
      <line class="zero" x1="${g.zeroX}" x2="${g.zeroX}" y1="0" y2="${g.axisY}"/>
      ${marks}
    </svg>`;
}

// ---------------------------------------------------------------- timeline

/**
 * timeline: [{date, variants:[{key, relativeLift, ci}]}]; series: [{key, colour}] (the treatments).
 * Returns, per series, the lift line and the band polygon through the days that have numbers.
 */
export function timelineLayout(timeline, series, { width = 640, height = width < 500 ? 220 : 260, left = 52, right = 16, top = 12, bottom = 28 } = {}) {
  const days = timeline.map((d) => d.date);
  const pick = (day, key) => (day.variants ?? []).find((v) => v.key === key);
  const lifts = timeline.flatMap((day) => series.map((s) => pick(day, s.key)?.relativeLift)).filter(finite);
  const bands = timeline.flatMap((day) => series.flatMap((s) => pick(day, s.key)?.ci ?? [])).filter(finite);
  // Early days have very wide bands; showing them whole would flatten the days that matter, so the
  // scale follows the lifts plus three times the latest band's half-width and the rest is cut off.
  const lastBand = series.map((s) => {
    const day = [...timeline].reverse().find((d) => Array.isArray(pick(d, s.key)?.ci));
    const ci = day ? pick(day, s.key).ci : null;
    return ci && ci.every(finite) ? (ci[1] - ci[0]) / 2 : 0;
  });
  const reach = 3 * Math.max(0, ...lastBand);
  const lo = Math.min(0, ...lifts) - reach;
  const hi = Math.max(0, ...lifts) + reach;
  const values = [...lifts, ...(reach ? bands.map((b) => Math.max(lo, Math.min(hi, b))) : bands)];
  const ticks = niceTicks(...domainWithZero(values), 5);
  const scale = linearScale([ticks[0], ticks[ticks.length - 1]], [height - bottom, top]);
  const y = (v) => Math.max(top, Math.min(height - bottom, scale(v)));
  // a single day sits in the middle rather than against the axis
  const x = days.length === 1 ? () => (left + width - right) / 2 : linearScale([0, days.length - 1], [left, width - right]);
  // on a single day the treatments stand side by side so their whiskers do not hide each other
  const nudge = (k) => (days.length === 1 ? (k - (series.length - 1) / 2) * 18 : 0);
  const out = series.map((s, k) => {
    const points = [];
    timeline.forEach((day, i) => {
      const v = pick(day, s.key);
      if (v && finite(v.relativeLift)) {
        const band = Array.isArray(v.ci) && v.ci.every(finite) ? v.ci : null;
        points.push({ x: r2(x(i) + nudge(k)), y: r2(y(v.relativeLift)), lo: band ? r2(y(band[0])) : null, hi: band ? r2(y(band[1])) : null });
      }
    });
    const banded = points.filter((p) => p.lo !== null);
    const line = points.map((p, i) => `${i ? "L" : "M"}${p.x},${p.y}`).join(" ");
    // group-sequential looks: the lift each look had to reach to stop, exp(±boundary × se) - 1, read
    // off the repeated interval, whose half-width on the log scale is boundary × se
    const stops = [];
    timeline.forEach((day, i) => {
      const v = pick(day, s.key);
      const ci = v?.ci;
      if (v && finite(v.zBoundary) && Array.isArray(ci) && ci.every(finite) && ci[0] > -1) {
        const half = (Math.log1p(ci[1]) - Math.log1p(ci[0])) / 2;
        stops.push({ x: r2(x(i) + nudge(k)), up: r2(y(Math.expm1(half))), down: r2(y(Math.expm1(-half))), lift: Math.expm1(half) });
      }
    });
    const path = (key) => stops.map((p, i) => `${i ? "L" : "M"}${p.x},${p[key]}`).join(" ");
    const boundary = stops.length ? { up: path("up"), down: path("down"), stops } : null;
    const band = banded.length
      ? [...banded.map((p) => `${p.x},${p.hi}`), ...banded.reverse().map((p) => `${p.x},${p.lo}`)].join(" ")
      : "";
    return { ...s, points, line, band, boundary };
  });
  const labelEvery = Math.max(1, Math.ceil(days.length / Math.max(2, Math.floor(width / 110))));
  const labels = tickLabels(ticks);
  return {
    width, height, zeroY: r2(y(0)), left, right, bottom,
    yTicks: ticks.map((t, i) => ({ value: t, label: labels[i], y: r2(y(t)) })),
    xLabels: days.map((d, i) => ({ date: d, x: r2(x(i)) }))
      .filter((_, i) => i === days.length - 1 || (i % labelEvery === 0 && days.length - 1 - i >= labelEvery / 2)),
    series: out,
  };
}

export function timelineChart(timeline, series, options) {
  const g = timelineLayout(timeline, series, options);
  return html`
    <svg class="chart chart-timeline" viewBox="0 0 ${g.width} ${g.height}" role="img" aria-label="Cumulative relative lift of the primary metric per day, with its always-valid band">
      ${g.yTicks.map((t) => html`<line class="grid" x1="${g.left}" x2="${g.width - g.right}" y1="${t.y}" y2="${t.y}"/>
        <text class="chart-axis" x="${g.left - 6}" y="${t.y}" dy="0.35em" text-anchor="end">${t.label}</text>`)}
      <line class="zero" x1="${g.left}" x2="${g.width - g.right}" y1="${g.zeroY}" y2="${g.zeroY}"/>
      ${g.xLabels.map((l) => html`<text class="chart-axis" x="${l.x}" y="${g.height - 8}" text-anchor="${anchor(l.x, g.width)}">${shortDate(l.date)}</text>`)}
      ${g.series.map((s) => html`
        ${s.band ? html`<polygon class="band" points="${s.band}" fill="${s.colour}" fill-opacity="0.14" stroke="none"/>` : ""}
        ${s.line ? html`<path d="${s.line}" fill="none" stroke="${s.colour}" stroke-width="2.5" stroke-linejoin="round"/>` : ""}
        ${s.boundary ? html`<path class="boundary" data-boundary="${s.key}" d="${s.boundary.up}" fill="none" stroke="${s.colour}" stroke-width="1.5" stroke-dasharray="5 4"/>
          <path class="boundary" d="${s.boundary.down}" fill="none" stroke="${s.colour}" stroke-width="1.5" stroke-dasharray="5 4"/>` : ""}
        ${s.points.length === 1 && s.points[0].lo !== null ? html`<line x1="${s.points[0].x}" x2="${s.points[0].x}" y1="${s.points[0].lo}" y2="${s.points[0].hi}" stroke="${s.colour}" stroke-width="8" stroke-opacity="0.25" stroke-linecap="round"/>` : ""}
        ${s.points.map((p) => html`<circle cx="${p.x}" cy="${p.y}" r="${s.points.length === 1 ? 5 : 3}" fill="${s.colour}"/>`)}`)}
    </svg>`;
}

// ---------------------------------------------------------------- funnel

/** A bar's value: "19.0% · 95% of previous" (the step's share of the one before, from step 2 on). */
const funnelValue = (v, stepIndex) =>
  `${percent(v.rate)}${finite(v.rateFromPrevious) && stepIndex > 0 ? ` · ${percent(v.rateFromPrevious, 0)} of previous` : ""}`;

/**
 * funnel: [{metric, variants:[{key, units, rate, rateFromPrevious}]}]; colours: key → colour.
 * Bars are scaled to the largest rate in the funnel so that later, smaller steps stay visible, and
 * leave room after them for the longest value label.
 */
export function funnelLayout(funnel, variantKeys, { width = 640, barHeight = 16, gap = 4, stepGap = 18, top = 4, fontSize = 12 } = {}) {
  const stacked = width < 560;
  const labelWidth = stacked ? 0 : Math.min(180, Math.round(width * 0.2));
  const labelRow = stacked ? 22 : 0;
  const pick = (step, key) => (step.variants ?? []).find((x) => x.key === key) ?? { key };
  const rates = funnel.flatMap((s) => (s.variants ?? []).map((v) => v.rate)).filter(finite);
  const max = Math.max(...rates, 0) || 1;
  const longest = Math.max(0, ...funnel.flatMap((step, i) => variantKeys.map((key) => textWidth(funnelValue(pick(step, key), i), fontSize))));
  const barSpace = Math.max(8, width - labelWidth - 6 - longest);
  let y = top;
  const steps = funnel.map((step, si) => {
    const labelY = y;
    y += labelRow;
    const stepY = y;
    const bars = variantKeys.map((key) => {
      const v = pick(step, key);
      const bar = { key, units: v.units, rate: v.rate, rateFromPrevious: v.rateFromPrevious, y, x: labelWidth, label: funnelValue(v, si),
        width: finite(v.rate) ? r2(Math.max(1, (v.rate / max) * barSpace)) : 0 };
      y += barHeight + gap;
      return bar;
    });
    y += stepGap - gap;
    const name = fitText(`${si + 1}. ${step.metric}`, (stacked ? width : labelWidth) - 8, 13);
    return { metric: step.metric, name, y: stepY, labelY: stacked ? labelY + 14 : stepY + barHeight / 2, bars };
  });
  return { width, height: y - stepGap + gap + top, barHeight, labelWidth, stacked, steps };
}

export function funnelChart(funnel, variantKeys, colourOf, options) {
  const g = funnelLayout(funnel, variantKeys, options);
  return html`
    <svg class="chart chart-funnel" viewBox="0 0 ${g.width} ${g.height}" role="img" aria-label="Funnel: share of exposed units reaching each step, per variant">
      ${g.steps.map((step, si) => html`
        <text class="chart-label chart-step" x="0" y="${step.labelY}" dy="${g.stacked ? 0 : "0.35em"}">${step.name.text}${step.name.cut ? html`<title>${si + 1}. ${step.metric}</title>` : ""}</text>
        ${step.bars.map((b) => html`
          <rect x="${b.x}" y="${b.y}" width="${b.width}" height="${g.barHeight}" rx="3" fill="${colourOf(b.key)}"><title>${b.key}: ${percent(b.rate)}</title></rect>
          <text class="chart-value" x="${b.x + b.width + 6}" y="${b.y + g.barHeight / 2}" dy="0.35em">${b.label}</text>`)}`)}
    </svg>`;
}

// ---------------------------------------------------------------- weight history

/**
 * A bandit's (or a sticky experiment's) weights over time as stacked areas: history is
 * [{at, weights: {variant: share}}] oldest first (GET /experiments/{key}/weights), each holding
 * until the next; the last holds until `end` (now). Shares are normalised per period, so the stack
 * always fills 0..100 %. Steps, not slopes: the split changes at an update, not in between.
 */
export function weightsLayout(history, variantKeys, { width = 640, height = width < 500 ? 180 : 220, left = 44, right = 12, top = 10, bottom = 26, end = null } = {}) {
  const periods = (history ?? []).filter((p) => p && p.weights && !Number.isNaN(Date.parse(p.at)));
  if (!periods.length) return { width, height, left, right, bottom, areas: [], yTicks: [], xLabels: [] };
  const times = periods.map((p) => Date.parse(p.at));
  const last = Math.max(times[times.length - 1], end ? Date.parse(end) : times[times.length - 1]);
  const stop = last > times[0] ? last : times[0] + 3600_000;
  const x = linearScale([times[0], stop], [left, width - right]);
  const y = linearScale([0, 1], [height - bottom, top]);
  const edges = [...times.slice(1), stop];
  const stacks = periods.map((p) => {
    const total = variantKeys.reduce((s, k) => s + (finite(p.weights[k]) ? p.weights[k] : 0), 0) || 1;
    let below = 0;
    return variantKeys.map((k) => {
      const share = (finite(p.weights[k]) ? p.weights[k] : 0) / total;
      const band = { lo: below, hi: below + share, share };
      below += share;
      return band;
    });
  });
  const areas = variantKeys.map((key, k) => {
    const topEdge = [], bottomEdge = [];
    periods.forEach((_, i) => {
      const x0 = r2(x(times[i])), x1 = r2(x(edges[i]));
      const b = stacks[i][k];
      topEdge.push(`${x0},${r2(y(b.hi))}`, `${x1},${r2(y(b.hi))}`);
      bottomEdge.push(`${x0},${r2(y(b.lo))}`, `${x1},${r2(y(b.lo))}`);
    });
    return { key, points: [...topEdge, ...bottomEdge.reverse()].join(" "), latest: stacks[stacks.length - 1][k].share };
  });
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((t) => ({ label: `${t * 100}%`, y: r2(y(t)) }));
  const xLabels = [{ at: periods[0].at, x: left }, { at: new Date(stop).toISOString(), x: width - right }];
  return { width, height, left, right, bottom, areas, yTicks, xLabels };
}

export function weightsChart(history, variantKeys, colourOf, options) {
  const g = weightsLayout(history, variantKeys, options);
  return html`
    <svg class="chart chart-weights" viewBox="0 0 ${g.width} ${g.height}" role="img" aria-label="Share of traffic per variant over time">
      ${g.yTicks.map((t) => html`<line class="grid" x1="${g.left}" x2="${g.width - g.right}" y1="${t.y}" y2="${t.y}"/>
        <text class="chart-axis" x="${g.left - 6}" y="${t.y}" dy="0.35em" text-anchor="end">${t.label}</text>`)}
      ${g.areas.map((a) => html`<polygon data-variant="${a.key}" points="${a.points}" fill="${colourOf(a.key)}" fill-opacity="0.75" stroke="${colourOf(a.key)}" stroke-width="1"><title>${a.key}: ${percent(a.latest)} now</title></polygon>`)}
      ${g.xLabels.map((l) => html`<text class="chart-axis" x="${l.x}" y="${g.height - 8}" text-anchor="${anchor(l.x, g.width)}">${shortDate(l.at.slice(0, 10))}</text>`)}
    </svg>`;
}
