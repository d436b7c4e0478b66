// The link builder: for an ad experiment, each ad variant's landing URL with its signed
// `moments_ad=` (what the ad platform's final URL should be); for any experiment, a signed,
// short-lived QA preview link per variant with `moments_force=`, excluded from the statistics.
// Pure parts here (URLs, markup); the page asks the server for the signatures.
import { html } from "./html.js";
import { dateTime } from "./ops-view.js";

/** Every variant is an ad: the ad platform rotates them and the landing URL says which one. */
export const isAdExperiment = (experiment) => (experiment.variants ?? []).length > 0 && experiment.variants.every((v) => v.kind === "ad");

/** The page URL with the link's query added, keeping the page's own query and fragment. */
export function linkUrl(page, query) {
  const url = new URL(page);
  for (const [k, v] of new URLSearchParams(query)) url.searchParams.set(k, v);
  return url.toString();
}

/** A page URL people may type: http(s) only; null when it is not one. */
export function pageUrl(text) {
  try {
    const url = new URL(String(text).trim());
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : null;
  } catch { return null; }
}

export function linksPanel(experiment) {
  const ad = isAdExperiment(experiment);
  return html`
    <section class="panel" aria-labelledby="links-title" data-links>
      <div class="panel-head"><h2 id="links-title">Links</h2>
        <p>${ad ? "Landing URLs for the ads, and preview links for QA." : "Preview links for QA."}</p></div>
      <form class="toolbar" id="links-form" novalidate>
        <div class="field field-wide"><label for="links-page">${ad ? "Landing page URL" : "Page URL"}</label>
          <input id="links-page" name="page" type="url" inputmode="url" autocomplete="off" spellcheck="false" placeholder="https://www.example.com/landing" aria-describedby="links-error">
          <p class="field-error" id="links-error"></p></div>
        ${ad ? html`<button type="submit" class="button button-primary" name="kind" value="ad">Make ad links</button>` : ""}
        <button type="submit" class="button button-quiet" name="kind" value="force">Make preview links</button>
      </form>
      <div id="links-out" aria-live="polite"></div>
    </section>`;
}

/** The links made, one row per variant with its URL to copy. */
export function linksTable(kind, page, links) {
  const ad = kind === "ad";
  return html`
    <div data-links-kind="${kind}">
      ${ad ? html`<p class="help">Use each URL as the final URL of its ad. A visit through it counts as a click on that ad (signed, valid until ${dateTime(links[0]?.expiresAt)}).</p>`
        : html`<div class="notice notice-warn" role="status">Preview links: excluded from the statistics. They show the chosen variant to whoever opens them, without counting, until ${dateTime(links[0]?.expiresAt)}.</div>`}
      <p class="label">${ad ? "Landing URL per ad" : "Preview URL per variant (excluded from the statistics)"}</p>
      <ul class="links-list">${links.map((l) => {
        const url = linkUrl(page, l.query);
        return html`<li data-link="${l.variant}">
          <div class="link-head"><strong>${l.variant}</strong>
            <button type="button" class="button button-quiet" data-copy="${url}" aria-label="Copy the ${ad ? "landing" : "preview"} URL of ${l.variant}">Copy</button></div>
          <code class="link-url">${url}</code></li>`;
      })}</ul>
    </div>`;
}
