// The Install page's ready-to-paste code for one experiment (pure, unit-tested): the web page's
// <script> tags (the served bundle with its integrity hash, init with a client key, anti-flicker,
// assign, track on the primary metric, engagement on an FMOT moment) and the Java and curl
// equivalents for a server. The API's words and the SDK READMEs' calls, nothing invented.

/** What a web page gets when no client key is chosen: the reader replaces it. */
export const CLIENT_KEY_PLACEHOLDER = "YOUR_CLIENT_KEY";

/** The metrics `trackEngagement` records by itself (sdk-js README, "FMOT engagement for free"). */
const ENGAGEMENT_METRICS = new Set(["engaged", "bounce", "time_on_page"]);

/** `primaryMetric` is a key or {key, ...} (API.md); null when the experiment has none. */
export const primaryMetricKey = (experiment) => {
  const m = experiment?.primaryMetric;
  return (typeof m === "string" ? m : m?.key) || null;
};

/** Only a client key may sit in a web page: every other key is a secret (or an admin's power). */
export function keyWarning(key) {
  if (!key || key.kind === "client") return null;
  return `“${key.name}” is a ${key.kind} key: never put it in a web page, where anyone can read it and ${key.kind === "server" ? "send events, read every experiment's config and use your quota" : "act with its permissions"}. Use a client key (public by design; limit it to your site's origins).`;
}

/** A JavaScript string literal that cannot end the <script> element it sits in. */
const js = (value) => JSON.stringify(value).replaceAll("<", "\\u003c");

/**
 * The web page's snippet. `host`: the Moments server's URL (no trailing slash); `script`: the body
 * of GET /api/v1/sdk/script; `key`: the client key text or null (the placeholder);
 * `stage`: the experiment's moment's stage; `selector`: what the anti-flicker hides.
 */
export function webSnippet({ host, script, key, experiment, stage, selector }) {
  const moment = experiment.moment;
  const metric = primaryMetricKey(experiment);
  const fmot = stage === "FMOT";
  const hide = (selector ?? "").trim() || "body";
  const lines = [
    `<script src="${host}${script.path}" integrity="${script.integrity}" crossorigin="anonymous"></script>`,
    "<script>",
    `  const m = Moments.init({`,
    `    host: ${js(host)}, clientKey: ${js(key || CLIENT_KEY_PLACEHOLDER)},`,
    `    // config: window.MOMENTS_CONFIG, // the body of GET /api/v1/sdk/config inlined by your server: no wait, no flicker`,
    `  });`,
    `  m.antiFlicker(${js(hide)}, 800); // hidden until the variant is known, at most 800 ms`,
    `  m.ready().then(() => {`,
    `    const v = m.assign(${js(moment)}); // ${experiment.key}: v.variant, v.payload`,
    `    document.documentElement.dataset.variant = v.variant ?? "control"; // style html[data-variant="…"] in your CSS`,
    `  });`,
  ];
  if (fmot) lines.push(`  m.trackEngagement(${js(moment)}); // FMOT: engaged, bounce, time_on_page`);
  if (metric && !(fmot && ENGAGEMENT_METRICS.has(metric))) {
    lines.push(
      `  // ${js(metric)} counts when the visitor does it, not when the page loads: point this at your form or button`,
      `  document.addEventListener("submit", (e) => { if (e.target.matches("#${metric.replace(/[^a-z0-9_-]/g, "-")}-form")) m.track(${js(metric)}); });`,
    );
  }
  lines.push("</script>");
  return lines.join("\n");
}

/** The Java SDK's equivalent: a server key from the environment, the unit from your own user. */
export function javaSnippet({ host, experiment }) {
  const metric = primaryMetricKey(experiment);
  return [
    `MomentsClient client = MomentsClient.builder(${js(host)}, System.getenv("MOMENTS_SERVER_KEY")).build();`,
    ``,
    `Assignment a = client.assign(${js(experiment.moment)}, userId, Map.of("device", "mobile"));`,
    `String variant = a.variantOr("control"); // ${experiment.key}; a.payload() is the variant's JSON`,
    ...(metric ? [`client.track(userId, ${js(metric)}); // when it happens`] : []),
  ].join("\n");
}

/** curl: assign (logs the exposure) and one conversion, with a server key from the environment. */
export function curlSnippet({ host, experiment }) {
  const metric = primaryMetricKey(experiment);
  const auth = `-H "Authorization: Bearer $MOMENTS_SERVER_KEY" -H "Content-Type: application/json"`;
  const assign = { unitId: "visitor-42", moments: [experiment.moment] };
  const lines = [`curl -s -X POST ${host}/api/v1/assign ${auth} \\`, `  -d '${JSON.stringify(assign)}'`];
  if (metric) {
    const event = `{"events":[{"id":"'"$(uuidgen)"'","type":"conversion","unitId":"visitor-42","metric":${js(metric)},"timestamp":"'"$(date -u +%Y-%m-%dT%H:%M:%SZ)"'"}]}`;
    lines.push(`curl -s -X POST ${host}/api/v1/events ${auth} \\`, `  -d '${event}'`);
  }
  return lines.join("\n");
}
