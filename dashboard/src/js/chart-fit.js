// Keeps every chart drawn at the width it is shown at. An SVG drawn for one width and scaled to
// another scales its text too (1100 px drawn, 330 px shown: 3.6 px text), so each figure is drawn
// again whenever its box changes width: window resize, phone rotation, a scrollbar coming or going.

let observer = null;
let timer = null;

/**
 * Draws every `figure[data-chart]` under `root` at its own width now, and again after each change
 * of size (debounced by `delay` ms). `draw(name, width)` returns the chart's markup. One page at a
 * time: a new call stops watching the previous page's figures.
 */
export function fitCharts(root, draw, { delay = 120 } = {}) {
  stopFitting();
  const figures = [...root.querySelectorAll("figure[data-chart]")];
  const fit = () => {
    if (!figures.some((figure) => figure.isConnected)) return stopFitting(); // the page has gone
    figures.forEach((figure) => fitOne(figure, draw));
  };
  fit();
  if (!figures.length || typeof ResizeObserver === "undefined") return;
  observer = new ResizeObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(fit, delay);
  });
  figures.forEach((figure) => observer.observe(figure));
}

export function stopFitting() {
  observer?.disconnect();
  observer = null;
  clearTimeout(timer);
}

function fitOne(figure, draw) {
  // a hidden figure (or one already replaced by the next page) has no width to draw at
  const width = Math.round(figure.clientWidth);
  if (width < 120 || Number(figure.dataset.width) === width) return;
  figure.dataset.width = String(width);
  figure.innerHTML = String(draw(figure.dataset.chart, width));
}
