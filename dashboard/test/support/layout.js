// Layout checks shared by the browser and e2e tests: chart text at a legible size and inside its
// chart, the decisive numbers of a report visible without scrolling sideways, a compact header.

/**
 * Every text of every chart: its size on screen (font size × the SVG's scale) and whether it lies
 * inside the chart's viewBox. A chart drawn for 1100 px and shown at 330 px has 3.6 px text.
 */
export function chartTexts(page) {
  return page.$$eval("svg.chart", (svgs) => svgs.flatMap((svg) => {
    const box = svg.viewBox.baseVal;
    const scale = svg.getBoundingClientRect().width / box.width;
    return [...svg.querySelectorAll("text")].map((t) => {
      const b = t.getBBox();
      return { chart: svg.getAttribute("class"), text: t.textContent, size: Math.round(parseFloat(getComputedStyle(t).fontSize) * scale * 10) / 10,
        inside: b.x >= box.x - 0.5 && b.x + b.width <= box.x + box.width + 0.5 };
    });
  }));
}

/** Chart texts smaller than `min` px on screen or cut by the chart's edge, as readable strings. */
export async function chartTextProblems(page, { min = 11 } = {}) {
  const texts = await chartTexts(page);
  if (!texts.length) return ["no chart text on the page"];
  return texts.filter((t) => t.size < min || !t.inside)
    .map((t) => `${t.chart}: “${t.text}” ${t.size < min ? `is ${t.size} px` : "is cut by the chart's edge"}`);
}

/**
 * Waits (at most `timeout` ms) until every chart is drawn at the width it is shown at (scale 1);
 * never fails itself, so that the checks after it say what is wrong (e.g. “is 3.6 px”).
 */
export async function chartsSettled(page, timeout = 4000) {
  try {
    await page.waitForFunction(() => {
      const svgs = [...document.querySelectorAll("svg.chart")];
      return svgs.length > 0 && svgs.every((s) => Math.abs(s.getBoundingClientRect().width / s.viewBox.baseVal.width - 1) < 0.02);
    }, null, { timeout });
  } catch { /* reported by chartTextProblems */ }
}

/**
 * Cells of the decisive columns (lift, interval, chance to beat) that are not fully on screen
 * horizontally, or that sit in a table box that scrolls sideways.
 */
export function hiddenDecisiveCells(page) {
  return page.$$eval('[data-path*="comparisons"]', (els) => els
    .filter((el) => /"(relativeLift|ci|chanceToBeat)"/.test(el.dataset.path))
    .map((el) => {
      const r = el.getBoundingClientRect();
      const wrap = el.closest(".table-wrap");
      const scrolls = wrap ? wrap.scrollWidth > wrap.clientWidth + 1 : false;
      return { path: el.dataset.path, left: Math.round(r.left), right: Math.round(r.right), scrolls };
    })
    .filter((c) => c.left < 0 || c.right > window.innerWidth || c.scrolls));
}

/** How far the page is wider than the screen (0 or less: it fits). */
export const pageOverflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
