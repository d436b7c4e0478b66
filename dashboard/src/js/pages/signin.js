// Sign-in: the admin key is checked against the API, then kept in sessionStorage for this tab only.
import { html } from "../html.js";
import { api, session } from "../api.js";
import { notice } from "../ui.js";

export async function render(main, ctx) {
  main.innerHTML = String(html`
    <section class="signin">
      <div class="signin-card">
        <div class="signin-brand">
          <svg viewBox="0 0 32 32" width="40" height="40" aria-hidden="true"><rect width="32" height="32" rx="8" fill="#4f46e5"/><path d="M8 22V10l8 7 8-7v12" stroke="white" stroke-width="3" fill="none" stroke-linejoin="round"/></svg>
          <span>Moments</span>
        </div>
        <h1>Sign in</h1>
        <p class="lede">Experiments on every moment of truth, from the first ad to the review a customer leaves.</p>
        <div id="signin-message">${ctx.flash ? notice(ctx.flash.tone, ctx.flash.message) : ""}</div>
        <form id="signin-form" class="form" novalidate>
          <div class="field">
            <label for="admin-key">Admin key</label>
            <input id="admin-key" name="key" type="password" autocomplete="current-password" required
                   aria-describedby="admin-key-help" spellcheck="false">
            <p class="help" id="admin-key-help">Printed by the server on its first start, or set with <code>MOMENTS_ADMIN_KEY</code>. Kept only in this browser tab.</p>
          </div>
          <button type="submit" class="button button-primary button-block">Sign in</button>
        </form>
      </div>
    </section>`);
  const form = main.querySelector("#signin-form");
  const input = main.querySelector("#admin-key");
  const message = main.querySelector("#signin-message");
  ctx.keepFocus = true;
  input.focus();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      message.innerHTML = String(notice("bad", "Enter the admin key."));
      input.focus();
      return;
    }
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      await api.verify(key);
      session.signIn(key);
      location.hash = "#/journey";
    } catch (error) {
      const text = error.status === 401 || error.status === 403
        ? "That key was not accepted. Check it and try again."
        : error.message;
      message.innerHTML = String(notice("bad", text));
      input.select();
    } finally {
      button.disabled = false;
    }
  });
}
