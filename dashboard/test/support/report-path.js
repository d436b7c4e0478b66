// Resolves a dashboard data-path (["metrics","signup","comparisons","bold","pValue"]) in a report:
// array elements are found by their key, metric, variant, date or value; numbers index directly.

const NAMES = ["key", "metric", "variant", "date", "value"];

export function resolvePath(report, path) {
  let node = report;
  for (const step of path) {
    if (node === undefined || node === null) return undefined;
    if (Array.isArray(node) && typeof step !== "number") {
      node = node.find((item) => item && NAMES.some((n) => item[n] !== undefined && String(item[n]) === String(step)));
    } else {
      node = node[step];
    }
  }
  return node;
}

/**
 * Compares every [data-path] number on the page with the report. Returns the mismatches and how
 * many numbers were compared.
 */
export function compareWithReport(cells, report) {
  const mismatches = [];
  for (const { path, value } of cells) {
    const expected = resolvePath(report, path);
    const same = typeof expected === "number" ? value !== "" && Number(value) === expected : value === "" && (expected === undefined || expected === null);
    if (!same) mismatches.push({ path, page: value, json: expected });
  }
  return { compared: cells.length, mismatches };
}
