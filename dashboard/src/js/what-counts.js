// What the report kept out of its statistics, by reason (the server README's "What counts"): a team
// sees what was not counted and why ("312 events dated after the stop, not counted"). Pure markup.
import { html } from "./html.js";
import * as f from "./format.js";

/** Each reason of `health`, in the order a team meets them, with what it means in words. */
export const EXCLUSION_REASONS = [
  ["beforeStart", "dated before the experiment started (or naming no running experiment)"],
  ["whilePaused", "dated while it was paused"],
  ["afterStop", "dated after it stopped (pages still carrying the old config)"],
  ["implausibleVariant", "naming a variant the visitor's hash does not give"],
  ["bot", "from known crawlers"],
  ["unsignedForce", "forced previews without a valid link signature"],
  ["unsignedAd", "ad clicks without a valid link signature"],
  ["manyUnitsInRequest", "from requests naming more than 4 visitors"],
  ["databaseRefused", "the database refused to fold (stored; listed in the events summary and the server log)"],
];

const finite = (v) => typeof v === "number" && Number.isFinite(v);
const span = (value, text, path) => html`<span data-value="${f.rawValue(value)}" data-path="${JSON.stringify(path)}">${text}</span>`;

/** One sentence per reason with a count above zero; nothing kept out says so. */
export function exclusionsList(health = {}) {
  const counted = EXCLUSION_REASONS.filter(([reason]) => finite(health[reason]) && health[reason] > 0);
  const total = finite(health.excludedEvents) ? health.excludedEvents : counted.reduce((a, [r]) => a + health[r], 0);
  if (!counted.length && !total) {
    return html`<div class="exclusions" data-excluded="0"><p class="help">No event was kept out of the statistics.</p></div>`;
  }
  return html`
    <div class="exclusions" data-excluded="${total}">
      <p class="label">${span(total, f.thousands(total), ["health", "excludedEvents"])} ${f.noun(total, "event")} kept out of the statistics</p>
      <ul>${counted.map(([reason, words]) => html`<li data-reason="${reason}">${span(health[reason], f.thousands(health[reason]), ["health", reason])} ${f.noun(health[reason], "event")} ${words}, not counted</li>`)}</ul>
    </div>`;
}
