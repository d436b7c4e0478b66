// Install: from an empty web page to a working experiment. Admins create, list and revoke SDK keys
// (a new key's secret shown once) and set a client key's allowed origins; everyone gets, per
// experiment, the ready-to-paste web snippet (the served bundle with its integrity hash) and the
// Java and curl equivalents. Choosing a key that is not a client key for a web page is warned about.
import { html } from "../html.js";
import { api, listOf, session } from "../api.js";
import { field, readValues, clearErrors, showErrors } from "../form-ui.js";
import { announce, confirmDialog, loading, notice } from "../ui.js";
import { dateTime } from "../ops-view.js";
import { curlSnippet, javaSnippet, keyWarning, webSnippet } from "../install-snippet.js";

export async function render(main, ctx) {
  main.innerHTML = String(html`<section class="page"><h1>Install</h1>${loading("the install page")}</section>`);
  const admin = session.can("manage");
  let script, experiments, moments, keys = [];
  try {
    [script, experiments, moments, keys] = await Promise.all([
      api.sdkScript(),
      api.experiments().then((list) => listOf(list, "experiments").filter((e) => !e.archived)),
      api.moments().then((list) => listOf(list, "moments")),
      admin ? api.keys().then((list) => listOf(list, "keys")) : [],
    ]);
  } catch (error) {
    if (!ctx.isCurrent()) return;
    main.innerHTML = String(html`<section class="page"><h1>Install</h1>${notice("bad", error.message)}</section>`);
    return;
  }
  if (!ctx.isCurrent()) return;
  const state = {
    script, experiments, keys, admin, secrets: new Map(),
    stages: new Map(moments.map((m) => [m.key, m.stage])),
    chosen: ctx.route.query.experiment ?? experiments[0]?.key ?? "",
  };
  draw(main, state, ctx.flash ? notice(ctx.flash.tone, ctx.flash.message) : "");
}

const usable = (keys) => keys.filter((k) => !k.revoked && k.kind !== "person");

function draw(main, state, message) {
  main.innerHTML = String(html`
    <section class="page page-wide">
      <div class="page-head"><div>
        <p class="eyebrow">Set up</p>
        <h1>Install</h1>
        <p class="lede">Put an experiment on a web page: a client key (public, limited to your site's origins), then the snippet in the page's <code>&lt;head&gt;</code>.</p>
      </div></div>
      <div id="install-message">${message}</div>
      ${state.admin ? keysPanel(state.keys) : notice("info", "Only admins see and create SDK keys. Ask one for a client key and put it where the snippet says YOUR_CLIENT_KEY.")}
      ${snippetPanel(state)}
    </section>`);
  wire(main, state);
  showSnippet(main, state);
}

function keysPanel(keys) {
  const list = usable(keys);
  return html`
    <section class="panel" aria-labelledby="keys-title" data-keys>
      <h2 id="keys-title">1. SDK keys</h2>
      <form id="key-form" class="toolbar" novalidate>
        <div class="form-summary" aria-live="assertive"></div>
        ${field({ name: "kind", label: "Kind", value: "client", options: [["client", "client: web pages (public)"], ["server", "server: your back end (secret)"]] })}
        ${field({ name: "name", label: "Name", attrs: { autocomplete: "off", placeholder: "shop web" } })}
        <button type="submit" class="button button-primary">Create key</button>
      </form>
      <div id="new-key"></div>
      ${list.length === 0 ? html`<p class="empty">No SDK keys yet.</p>` : html`
      <div class="table-wrap table-stack table-stack-wide"><table class="keys">
        <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Key</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Origins</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>${list.map(keyRow)}</tbody>
      </table></div>`}
    </section>`;
}

function keyRow(key) {
  const origins = key.kind !== "client" ? "—" : key.origins?.length ? key.origins.join(", ") : "any";
  return html`<tr data-key="${key.id}">
    <th scope="row">${key.name}</th>
    <td data-label="Kind">${key.kind}</td>
    <td data-label="Key"><code>${key.keyPrefix}…</code></td>
    <td data-label="Created">${dateTime(key.createdAt)}</td>
    <td data-label="Last used">${key.lastUsedAt ? dateTime(key.lastUsedAt) : "never"}</td>
    <td data-label="Origins" data-origins>${origins}</td>
    <td><div class="row-actions">
      ${key.kind === "client" ? html`<button type="button" class="button button-quiet" data-origins-edit="${key.id}">Origins…</button>` : ""}
      <button type="button" class="button button-quiet" data-revoke="${key.id}">Revoke…</button></div></td>
  </tr>`;
}

function snippetPanel(state) {
  const keyOptions = [["", "YOUR_CLIENT_KEY (placeholder)"], ...usable(state.keys).map((k) => [String(k.id), `${k.name} · ${k.kind} · ${k.keyPrefix}…`])];
  return html`
    <section class="panel" aria-labelledby="snippet-title" data-snippet>
      <h2 id="snippet-title">${state.admin ? "2. " : ""}The snippet</h2>
      ${state.experiments.length === 0 ? html`<p class="empty">No experiment yet: <a href="#/new/experiment">create one</a> first.</p>` : html`
      <form id="snippet-form" class="toolbar" novalidate>
        ${field({ name: "experiment", label: "Experiment", value: state.chosen, options: state.experiments.map((e) => [e.key, `${e.name || e.key} (${e.moment})`]) })}
        ${state.admin ? field({ name: "key", label: "Key in the page", value: state.keyChoice ?? "", options: keyOptions }) : ""}
        ${field({ name: "selector", label: "Hide until ready (CSS selector)", value: state.selector ?? "body", attrs: { spellcheck: "false", autocomplete: "off" } })}
      </form>
      <div id="key-warning" aria-live="polite"></div>
      ${codeBlock("web", "Web page, in <head>", `Loads the SDK ${state.script.version} from this server with its integrity hash.`)}
      ${codeBlock("java", "Java (server side)", "With a server key; see the Java SDK's README for the builder's options.")}
      ${codeBlock("curl", "curl", "Assign (logs the exposure) and send one conversion.")}`}
    </section>`;
}

const codeBlock = (name, title, help) => html`
  <div class="snippet" data-snippet-kind="${name}">
    <div class="link-head"><h3>${title}</h3><button type="button" class="button button-quiet" data-copy-snippet="${name}">Copy</button></div>
    <p class="help">${help}</p>
    <pre class="code"><code id="snippet-${name}"></code></pre>
  </div>`;

function showSnippet(main, state) {
  const form = main.querySelector("#snippet-form");
  if (!form) return;
  const v = readValues(form);
  const experiment = state.experiments.find((e) => e.key === v.experiment) ?? state.experiments[0];
  const key = usable(state.keys).find((k) => String(k.id) === v.key) ?? null;
  const host = location.origin;
  const input = { host, script: state.script, experiment, stage: state.stages.get(experiment.moment), selector: v.selector };
  main.querySelector("#snippet-web").textContent = webSnippet({ ...input, key: key ? state.secrets.get(key.id) ?? `${key.keyPrefix}… (paste the whole key of “${key.name}”)` : null });
  main.querySelector("#snippet-java").textContent = javaSnippet(input);
  main.querySelector("#snippet-curl").textContent = curlSnippet(input);
  Object.assign(state, { chosen: experiment.key, keyChoice: v.key ?? "", selector: v.selector });
  const warning = keyWarning(key);
  main.querySelector("#key-warning").innerHTML = warning ? String(notice("warn", warning)) : "";
  history.replaceState(null, "", `#/install?experiment=${encodeURIComponent(experiment.key)}`);
}

function wire(main, state) {
  const again = (message) => draw(main, state, message);
  main.querySelector("#snippet-form")?.addEventListener("input", () => showSnippet(main, state));
  main.querySelector("#snippet-form")?.addEventListener("submit", (event) => event.preventDefault());
  main.querySelector("#key-form")?.addEventListener("submit", (event) => createKey(event, main, state));
  main.querySelector("section.page").addEventListener("click", async (event) => {
    const copy = event.target.closest("[data-copy-snippet], [data-copy-key]");
    if (copy) return copyText(copy, main.querySelector(copy.dataset.copySnippet ? `#snippet-${copy.dataset.copySnippet}` : "#created-key"));
    const revoke = event.target.closest("[data-revoke]");
    if (revoke) return revokeKey(state, Number(revoke.dataset.revoke), again);
    const edit = event.target.closest("[data-origins-edit]");
    if (edit) return editOrigins(state, Number(edit.dataset.originsEdit), again);
  });
}

async function createKey(event, main, state) {
  event.preventDefault();
  const form = event.currentTarget;
  clearErrors(form);
  const v = readValues(form);
  try {
    const created = await api.createKey({ kind: v.kind, name: v.name.trim() });
    state.secrets.set(created.id, created.key);
    if (created.kind === "client") state.keyChoice = String(created.id);
    state.keys = [...state.keys, { ...created, keyPrefix: created.key.slice(0, 4), createdAt: new Date().toISOString(), revoked: false, origins: null, lastUsedAt: null }];
    draw(main, state, html`<div class="notice notice-good key-once" role="status">
      <p>The ${created.kind} key <strong>${created.name}</strong>. Copy it now: it is not shown again.${created.kind === "server" ? " Keep it secret, on your servers only." : ""}</p>
      <div class="key-copy">
        <label class="visually-hidden" for="created-key">The key ${created.name}</label>
        <input id="created-key" type="text" readonly value="${created.key}" spellcheck="false">
        <button type="button" class="button button-quiet" data-copy-key>Copy</button>
      </div></div>`);
    main.querySelector("#created-key").focus();
    announce(`Key ${created.name} created.`);
  } catch (error) {
    if (error.status !== 401) showErrors(form, [{ field: error.field, message: error.message }]);
  }
}

async function revokeKey(state, id, again) {
  const key = state.keys.find((k) => k.id === id);
  const confirmed = await confirmDialog({
    title: `Revoke the key “${key.name}”?`,
    body: html`<p>Every page or service using <code>${key.keyPrefix}…</code> gets 401 from now on. This cannot be undone.</p>`,
    confirmLabel: "Revoke", tone: "danger",
  });
  if (!confirmed) return;
  try {
    await api.revokeKey(id);
    state.keys = state.keys.map((k) => (k.id === id ? { ...k, revoked: true } : k));
    again(notice("good", `The key “${key.name}” is revoked.`));
  } catch (error) {
    if (error.status !== 401) again(notice("bad", error.message));
  }
}

async function editOrigins(state, id, again) {
  const key = state.keys.find((k) => k.id === id);
  const data = await confirmDialog({
    title: `Origins of “${key.name}”`,
    body: html`<label for="origins-text">Allowed origins, one per line (empty: any)</label>
      <textarea id="origins-text" name="origins" rows="4" spellcheck="false" placeholder="https://shop.example.com">${(key.origins ?? []).join("\n")}</textarea>
      <p class="help">Browsers on other sites are refused (403); servers, which send no Origin, are not limited.</p>`,
    confirmLabel: "Save origins",
  });
  if (!data) return;
  const origins = String(data.get("origins")).split(/[\s,]+/).filter(Boolean);
  try {
    const saved = await api.patchKey(id, { origins: origins.length ? origins : null });
    state.keys = state.keys.map((k) => (k.id === id ? { ...k, ...saved } : k));
    again(notice("good", `Origins of “${key.name}” saved.`));
  } catch (error) {
    if (error.status !== 401) again(notice("bad", `Origins not saved: ${error.message}`));
  }
}

async function copyText(button, element) {
  try {
    await navigator.clipboard.writeText(element.value ?? element.textContent);
    button.textContent = "Copied";
    announce("Copied.");
  } catch {
    if (element.select) element.select(); else getSelection().selectAllChildren(element);
    announce("Selected: copy it with your keyboard.");
  }
}
