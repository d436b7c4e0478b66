// Sign-in with a personal key or the admin key: GET /api/v1/me checks it and says who it belongs to
// and what it may do; both are kept in sessionStorage for this tab only.
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
            <label for="signin-key">Your key</label>
            <input id="signin-key" name="key" type="password" autocomplete="current-password" required
                   aria-describedby="signin-key-help" spellcheck="false">
            <p class="help" id="signin-key-help">Your personal key, which an admin of Moments gives you, or the server's admin key (printed on its first start, or set with <code>MOMENTS_ADMIN_KEY</code>). Kept only in this browser tab.</p>
          </div>
          <button type="submit" class="button button-primary button-block">Sign in</button>
        </form>
      </div>
    </section>`);
  const form = main.querySelector("#signin-form");
  const input = main.querySelector("#signin-key");
  const message = main.querySelector("#signin-message");
  ctx.keepFocus = true;
  input.focus();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      message.innerHTML = String(notice("bad", "Enter your key."));
      input.focus();
      return;
    }
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      session.signIn(key, await api.verify(key));
      location.hash = "#/journey";
    } catch (error) {
      const text = error.status === 401 ? "That key was not accepted. Check it and try again."
        : error.status === 403 ? "That is an SDK key, for websites and services: sign in with your personal key."
        : error.message;
      message.innerHTML = String(notice("bad", text));
      input.select();
    } finally {
      button.disabled = false;
    }
  });
}
