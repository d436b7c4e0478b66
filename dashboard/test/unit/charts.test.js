import { test } from "node:test";
import assert from "node:assert/strict";
import { linearScale, niceTicks, domainWithZero, forestLayout, timelineLayout, funnelLayout, forestPlot, anchor, timelineChart, funnelChart, tickLabels, textWidth } from "../../src/js/charts.js";

test("linearScale maps the ends of the domain onto the ends of the range", () => {
  const x = linearScale([-1, 1], [0, 200]);
  assert.equal(x(-1), 0);
  assert.equal(x(0), 100);
  assert.equal(x(1), 200);
  assert.equal(linearScale([2, 2], [0, 10])(2), 5, "a flat domain maps to the middle");
});

test("niceTicks gives round steps that cover the values", () => {
  assert.deepEqual(niceTicks(-0.12, 0.47, 5), [-0.2, 0, 0.2, 0.4, 0.6]);
  assert.deepEqual(niceTicks(0, 1, 4), [0, 0.5, 1]);
  const t = niceTicks(-3.3, 7.1, 5);
  assert.ok(t[0] <= -3.3 && t[t.length - 1] >= 7.1);
});

test("domainWithZero always shows no effect", () => {
  const [lo, hi] = domainWithZero([0.1, 0.4]);
  assert.ok(lo < 0 && hi > 0.4);
  const [lo2, hi2] = domainWithZero([-0.5, -0.2]);
  assert.ok(lo2 < -0.5 && hi2 > 0);
});

test("forestLayout places the marks in order on one scale", () => {
  const g = forestLayout([
    { label: "bold", lift: 0.26, ci: [0.07, 0.45] },
    { label: "video", lift: -0.05, ci: [-0.2, 0.1] },
    { label: "broken", error: "zero_variance" },
  ], { width: 600 });
  const [bold, video, broken] = g.rows;
  assert.ok(bold.x0 < bold.x && bold.x < bold.x1);
  assert.ok(video.x0 < g.zeroX && g.zeroX < video.x1, "video's interval crosses zero");
  assert.ok(bold.x0 > g.zeroX, "bold's interval is entirely above zero");
  assert.equal(broken.ok, false);
  assert.equal(broken.x, null);
  assert.ok(bold.y < video.y && video.y < broken.y);
  assert.ok(g.ticks.every((t) => t.x >= 0 && t.x <= 600));
});

test("forestPlot escapes labels and marks a degenerate row", () => {
  const svg = String(forestPlot([{ label: "<b>", lift: 0.1, ci: [0, 0.2], colour: "#000" }, { label: "x", error: "zero_units" }]));
  assert.ok(svg.includes("&lt;b&gt;") && !svg.includes("<b>"));
  assert.ok(svg.includes("not computable"));
});

test("timelineLayout draws a line per treatment and a band through the days with an interval", () => {
  const timeline = [
    { date: "2026-11-20", variants: [{ key: "bold", relativeLift: 0.5, ci: [-0.5, 1.5] }] },
    { date: "2026-11-21", variants: [{ key: "bold", relativeLift: 0.3 }] },
    { date: "2026-11-22", variants: [{ key: "bold", relativeLift: 0.2, ci: [0.05, 0.35] }] },
  ];
  const g = timelineLayout(timeline, [{ key: "bold", colour: "#00f" }], { width: 640, height: 240 });
  const s = g.series[0];
  assert.equal(s.points.length, 3);
  assert.match(s.line, /^M[\d.]+,[\d.]+ L[\d.]+,[\d.]+ L[\d.]+,[\d.]+$/);
  assert.equal(s.band.split(" ").length, 4, "two days with an interval give four polygon corners");
  assert.ok(s.points[0].hi < s.points[0].y && s.points[0].y < s.points[0].lo, "higher values are drawn higher");
  assert.ok(s.points[0].x < s.points[2].x);
  assert.equal(g.xLabels.at(-1).date, "2026-11-22", "the last day is always labelled");
});

test("funnelLayout scales bars to the largest rate and keeps variant order", () => {
  const funnel = [
    { metric: "signup", variants: [{ key: "a", rate: 0.04 }, { key: "b", rate: 0.05 }] },
    { metric: "purchase", variants: [{ key: "a", rate: 0.01, rateFromPrevious: 0.25 }, { key: "b" }] },
  ];
  const g = funnelLayout(funnel, ["a", "b"], { width: 800 });
  const [signup, purchase] = g.steps;
  assert.ok(signup.bars[1].width > signup.bars[0].width);
  assert.equal(Math.round((signup.bars[0].width / signup.bars[1].width) * 100), 80);
  assert.equal(purchase.bars[1].width, 0, "a missing rate draws no bar");
  assert.ok(purchase.y > signup.bars[1].y);
  assert.equal(funnelLayout(funnel, ["a", "b"], { width: 360 }).stacked, true, "narrow screens put labels above the bars");
});

test("anchor keeps edge labels inside", () => {
  assert.equal(anchor(5, 600), "start");
  assert.equal(anchor(300, 600), "middle");
  assert.equal(anchor(590, 600), "end");
});

test("timelineLayout keeps the scale on the recent days when the first days' bands are huge", () => {
  const timeline = Array.from({ length: 10 }, (_, i) => ({
    date: `2026-11-${String(10 + i).padStart(2, "0")}`,
    variants: [{ key: "b", relativeLift: 0.2, ci: i === 0 ? [-20, 20] : [0.1, 0.3] }],
  }));
  const g = timelineLayout(timeline, [{ key: "b", colour: "#000" }], { width: 640, height: 240 });
  const top = g.yTicks.at(-1).value;
  assert.ok(top < 2, `the scale tops out at ${top}, not at the first day's +2000%`);
  const first = g.series[0].points[0];
  assert.ok(first.hi >= 12 && first.lo <= 240 - 28, "the first band is cut at the plot's edges");
});

test("a single day is drawn in the middle", () => {
  const g = timelineLayout([{ date: "2026-11-23", variants: [{ key: "b", relativeLift: 0.1, ci: [-0.5, 0.7] }] }], [{ key: "b", colour: "#000" }], { width: 640, left: 40, right: 40 });
  assert.equal(g.series[0].points[0].x, 320);
});

test("a narrow forest plot gets fewer ticks, spaced for their labels", () => {
  const rows = [{ label: "b", lift: 1, ci: [-4, 6] }];
  const narrow = forestLayout(rows, { width: 330 });
  const gaps = narrow.ticks.slice(1).map((t, i) => t.x - narrow.ticks[i].x);
  assert.ok(Math.min(...gaps) >= 50, `ticks ${gaps.join(", ")} px apart`);
});

const axisLabels = (svg) => [...String(svg).matchAll(/class="chart-axis"[^>]*>([^<]*)</g)].map((m) => m[1]);
const repeated = (labels) => labels.filter((l, i) => labels.indexOf(l) !== i);

test("axis ticks read as distinct labels at the precision shown (no “−1% −1% 0% +1% +1%”)", () => {
  const forest = axisLabels(forestPlot([{ label: "b", lift: 0.002, ci: [-0.008, 0.009], colour: "#000" }], { width: 640 }));
  assert.ok(forest.length >= 3, forest.join(" "));
  assert.deepEqual(repeated(forest), [], `forest axis: ${forest.join(" ")}`);
  assert.ok(forest.includes("+0.5%"), `a half-percent step is written with its decimal: ${forest.join(" ")}`);
  const timeline = [1, 2, 3].map((d) => ({ date: `2026-11-0${d}`, variants: [{ key: "b", relativeLift: 0.001 * d, ci: [-0.004, 0.006] }] }));
  const y = axisLabels(timelineChart(timeline, [{ key: "b", colour: "#000" }], { width: 640 })).filter((l) => l.endsWith("%"));
  assert.deepEqual(repeated(y), [], `timeline axis: ${y.join(" ")}`);
});

test("tickLabels uses the fewest decimals that write every tick exactly", () => {
  assert.deepEqual(tickLabels([-0.01, -0.005, 0, 0.005, 0.01]), ["−1.0%", "−0.5%", "0.0%", "+0.5%", "+1.0%"]);
  assert.deepEqual(tickLabels([-0.2, 0, 0.2, 0.4]), ["−20%", "0%", "+20%", "+40%"]);
  assert.deepEqual(tickLabels([-0.005, 0, 0.005]), ["−0.5%", "0.0%", "+0.5%"], "distinct is not enough: −0.5% must not read −1%");
});

test("funnel value labels keep room to be read whole at phone width (no “95% of previo”)", () => {
  const funnel = [
    { metric: "signup", variants: [{ key: "control", rate: 0.2 }, { key: "bold", rate: 0.3 }] },
    { metric: "first_purchase", variants: [{ key: "control", rate: 0.19, rateFromPrevious: 0.95 }, { key: "bold", rate: 0.285, rateFromPrevious: 0.95 }] },
  ];
  for (const width of [300, 328, 640, 1000]) {
    const g = funnelLayout(funnel, ["control", "bold"], { width });
    for (const bar of g.steps.flatMap((s) => s.bars)) {
      assert.ok(bar.label.length > 0);
      const end = bar.x + bar.width + 6 + textWidth(bar.label, 12);
      assert.ok(end <= width, `at ${width} px “${bar.label}” ends at ${Math.round(end)}`);
    }
  }
  assert.match(String(funnelChart(funnel, ["control", "bold"], () => "#000", { width: 328 })), /95% of previous/);
});

test("long variant and step names are cut with an ellipsis to their room, whole in a tooltip", () => {
  const rows = [{ label: "price-in-the-headline-v2", lift: 0.1, ci: [0, 0.2], colour: "#000" }, { label: "bold", lift: 0.05, ci: [-0.1, 0.2], colour: "#000" }];
  const g = forestLayout(rows, { width: 328 });
  assert.ok(g.rows[0].name.cut && g.rows[0].name.text.endsWith("…"));
  assert.ok(g.ticks[0].x >= textWidth(g.rows[0].name.text, 13), "the name ends before the plot starts");
  assert.equal(g.rows[1].name.text, "bold");
  assert.match(String(forestPlot(rows, { width: 328 })), /<title>price-in-the-headline-v2<\/title>/);
  const wide = forestLayout([{ label: "bold", lift: 0.1, ci: [0, 0.2] }], { width: 1000 });
  assert.ok(wide.ticks[0].x < 130, "short names leave the plot its room");
  const funnel = funnelLayout([{ metric: "completed_the_onboarding_checklist", variants: [{ key: "a", rate: 0.1 }] }], ["a"], { width: 600 });
  assert.ok(textWidth(funnel.steps[0].name.text, 13) <= funnel.labelWidth, funnel.steps[0].name.text);
});

test("timelineLayout draws a group-sequential look's boundary as the lift it had to reach to stop", () => {
  // look 2: log ratio 0.1, boundary 2.5, se 0.04 -> repeated interval exp(0.1 ± 0.1) - 1; stop at exp(±0.1) - 1
  const ci = [Math.expm1(0), Math.expm1(0.2)];
  const timeline = [
    { date: "2026-11-01", controlUnits: 100, variants: [{ key: "bold", units: 100, relativeLift: 0.2, z: 1, zBoundary: null }] },
    { date: "2026-11-02", controlUnits: 200, variants: [{ key: "bold", units: 200, relativeLift: Math.expm1(0.1), z: 2.5, zBoundary: 2.5, ci }] },
    { date: "2026-11-03", controlUnits: 250, variants: [{ key: "bold", units: 250, relativeLift: 0.11 }] },
  ];
  const g = timelineLayout(timeline, [{ key: "bold", colour: "#00f" }], { width: 640, height: 240 });
  const b = g.series[0].boundary;
  assert.equal(b.stops.length, 1, "only the day that was a look with a finite boundary");
  assert.ok(Math.abs(b.stops[0].lift - Math.expm1(0.1)) < 1e-12);
  assert.match(String(timelineChart(timeline, [{ key: "bold", colour: "#00f" }], { width: 640 })), /data-boundary="bold"/);
  const plain = timelineLayout(timeline.map((d) => ({ ...d, variants: d.variants.map(({ zBoundary, ...v }) => v) })), [{ key: "bold", colour: "#00f" }], { width: 640 });
  assert.equal(plain.series[0].boundary, null, "no boundary without group-sequential looks");
});
