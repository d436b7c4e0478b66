// People (admins only): who may sign in, with which role. A new person's key, or a new key for
// someone who lost theirs, is shown here once; the server keeps only its hash.
import { html } from "../html.js";
import { api, listOf, session } from "../api.js";
import { ROLES, ROLE_HELP } from "../access.js";
import { field, readValues, clearErrors, showErrors } from "../form-ui.js";
import { announce, confirmDialog, loading, notice } from "../ui.js";

export async function render(main, ctx) {
  main.innerHTML = String(html`<section class="page"><h1>People</h1>${loading("people")}</section>`);
  let people;
  try {
    people = listOf(await api.people(), "people");
  } catch (error) {
    if (!ctx.isCurrent()) return;
    main.innerHTML = String(html`<section class="page"><h1>People</h1>${notice("bad", error.message)}</section>`);
    return;
  }
  if (!ctx.isCurrent()) return;
  draw(main, ctx, people, ctx.flash ? notice(ctx.flash.tone, ctx.flash.message) : "");
}

/** The key just issued, in a field to copy from: it is never shown again. */
function issuedKey(person) {
  return html`<div class="notice notice-good key-once" role="status">
    <p><strong>${person.name}</strong> signs in with this key. Copy it now and give it to them: it is not shown again.</p>
    <div class="key-copy">
      <label class="visually-hidden" for="issued-key">Personal key of ${person.name}</label>
      <input id="issued-key" type="text" readonly value="${person.key}" spellcheck="false">
      <button type="button" class="button button-quiet" data-copy>Copy</button>
    </div>
  </div>`;
}

function row(person) {
  const me = session.me()?.person?.id === person.id;
  return html`<tr data-person="${person.id}" class="${person.active ? "" : "is-inactive"}">
    <th scope="row">${person.name}${me ? html` <span class="sub">you</span>` : ""}</th>
    <td data-label="E-mail">${person.email}</td>
    <td data-label="Role">${person.active
      ? html`<label class="visually-hidden" for="role-${person.id}">Role of ${person.name}</label>
        <select id="role-${person.id}" data-role="${person.id}">${ROLES.map((value) => html`<option value="${value}" ${value === person.role ? "selected" : ""}>${value}</option>`)}</select>`
      : person.role}</td>
    <td data-label="Key">${person.keyPrefix ? html`<code>${person.keyPrefix}…</code>` : "—"}</td>
    <td data-label="Status">${person.active ? "Active" : "Deactivated"}</td>
    <td>${person.active ? html`<div class="row-actions">
      <button type="button" class="button button-quiet" data-new-key="${person.id}">New key</button>
      <button type="button" class="button button-quiet" data-deactivate="${person.id}">Deactivate…</button></div>` : ""}</td>
  </tr>`;
}

function draw(main, ctx, people, message) {
  main.innerHTML = String(html`
    <section class="page page-wide">
      <div class="page-head"><div>
        <p class="eyebrow">Admin</p>
        <h1>People</h1>
        <p class="lede">Everyone signs in with a personal key, so the audit log names who changed what.</p>
      </div></div>
      <div id="people-message">${message}</div>
      <form id="person-form" class="form panel" novalidate aria-labelledby="person-form-title">
        <h2 id="person-form-title">Add a person</h2>
        <div class="form-summary" aria-live="assertive"></div>
        <div class="field-row">
          ${field({ name: "name", label: "Name", attrs: { autocomplete: "off" } })}
          ${field({ name: "email", label: "E-mail", type: "email", attrs: { autocomplete: "off", spellcheck: "false" } })}
          ${field({ name: "role", label: "Role", value: "viewer", options: ROLES })}
        </div>
        <p class="help">${ROLE_HELP}</p>
        <div class="form-actions"><button type="submit" class="button button-primary">Add person</button></div>
      </form>
      <section class="panel" aria-labelledby="people-title">
        <h2 id="people-title">Everyone</h2>
        <div class="table-wrap table-stack table-stack-wide"><table class="people">
          <thead><tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col">Key</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>${people.map(row)}</tbody>
        </table></div>
      </section>
    </section>`);
  const again = (text) => render(main, { ...ctx, flash: null }).then(() => show(main, text));
  wireForm(main, ctx, people);
  main.querySelector("[data-copy]")?.addEventListener("click", copyKey);
  for (const select of main.querySelectorAll("[data-role]")) {
    select.addEventListener("change", () => changeRole(main, people, select, again));
  }
  for (const button of main.querySelectorAll("[data-new-key]")) {
    button.addEventListener("click", () => newKey(main, ctx, people, Number(button.dataset.newKey)));
  }
  for (const button of main.querySelectorAll("[data-deactivate]")) {
    button.addEventListener("click", () => deactivate(main, people, Number(button.dataset.deactivate), again));
  }
}

function show(main, markup) {
  const slot = main.querySelector("#people-message");
  if (slot) slot.innerHTML = String(markup);
}

function wireForm(main, ctx, people) {
  const form = main.querySelector("#person-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const v = readValues(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const person = await api.createPerson({ name: v.name.trim(), email: v.email.trim(), role: v.role });
      draw(main, ctx, [...people, person], issuedKey(person));
      main.querySelector("#issued-key").focus();
      announce(`${person.name} added as ${person.role}.`);
    } catch (error) {
      if (error.status !== 401) showErrors(form, [{ field: error.field, message: error.message }]);
      button.disabled = false;
    }
  });
}

async function changeRole(main, people, select, again) {
  const person = people.find((p) => p.id === Number(select.dataset.role));
  try {
    await api.changeRole(person.id, select.value);
    await again(notice("good", `${person.name} is ${/^[aeiou]/.test(select.value) ? "an" : "a"} ${select.value} now.`));
  } catch (error) {
    select.value = person.role;
    if (error.status !== 401) show(main, notice("bad", error.message));
  }
}

async function newKey(main, ctx, people, id) {
  const person = people.find((p) => p.id === id);
  const confirmed = await confirmDialog({
    title: `A new key for ${person.name}?`,
    body: html`<p>Their current key stops working at once.</p>`,
    confirmLabel: "Issue a new key",
  });
  if (!confirmed) return;
  try {
    const issued = await api.newPersonKey(id);
    draw(main, ctx, people.map((p) => (p.id === id ? issued : p)), issuedKey(issued));
    main.querySelector("#issued-key").focus();
  } catch (error) {
    if (error.status !== 401) show(main, notice("bad", error.message));
  }
}

async function deactivate(main, people, id, again) {
  const person = people.find((p) => p.id === id);
  const confirmed = await confirmDialog({
    title: `Deactivate ${person.name}?`,
    body: html`<p>Their key stops working at once. The audit log keeps their name.</p>`,
    confirmLabel: "Deactivate",
    tone: "danger",
  });
  if (!confirmed) return;
  try {
    await api.deactivatePerson(id);
    await again(notice("good", `${person.name} is deactivated.`));
  } catch (error) {
    if (error.status !== 401) show(main, notice("bad", error.message));
  }
}

async function copyKey(event) {
  const input = document.getElementById("issued-key");
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
    event.currentTarget.textContent = "Copied";
  } catch {
    announce("Press Ctrl+C to copy the selected key.");
  }
}
