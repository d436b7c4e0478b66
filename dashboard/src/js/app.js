// Entry point: routes the hash to a page, guards pages behind sign-in, moves focus on navigation.
import { parseHash } from "./router.js";
import { api, session, whenUnauthorized } from "./api.js";
import { html } from "./html.js";
import { can, mayOpen, refusal, signedInAs } from "./access.js";
import { notice } from "./ui.js";
import * as signin from "./pages/signin.js";
import * as journey from "./pages/journey.js";
import * as experiment from "./pages/experiment.js";
import * as experimentForm from "./pages/experiment-form.js";
import * as momentForm from "./pages/moment-form.js";
import * as power from "./pages/power.js";
import * as people from "./pages/people.js";
import * as webhooks from "./pages/webhooks.js";
import * as holdouts from "./pages/holdouts.js";
import * as install from "./pages/install.js";

const PAGES = {
  signin, journey, experiment, power, people, webhooks, install, holdouts, holdout: holdouts,
  "edit-experiment": experimentForm, "new-experiment": experimentForm, "new-moment": momentForm,
};
const NAV = { journey: "journey", experiment: "journey", "new-experiment": "new-experiment", "new-moment": "new-moment", power: "power", people: "people", webhooks: "webhooks", install: "install", holdouts: "holdouts", holdout: "holdouts" };

const main = document.getElementById("main");
const topbar = document.getElementById("topbar");
let flash = null;
let renderCount = 0;

export function setFlash(tone, message) { flash = { tone, message }; }

whenUnauthorized(() => {
  session.signOut();
  if (location.hash.startsWith("#/signin")) return;
  setFlash("bad", "Your key was not accepted. Please sign in again.");
  location.hash = "#/signin";
});

// On a phone the pages sit behind a menu button so that the sticky bar stays one short row.
const menu = document.getElementById("menu-toggle");
function setMenu(open) {
  menu.setAttribute("aria-expanded", String(open));
  topbar.classList.toggle("is-open", open);
}
menu.addEventListener("click", () => setMenu(menu.getAttribute("aria-expanded") !== "true"));
document.getElementById("main-nav").addEventListener("click", (event) => { if (event.target.closest("a")) setMenu(false); });
topbar.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || menu.getAttribute("aria-expanded") !== "true") return;
  setMenu(false);
  menu.focus();
});

document.getElementById("sign-out").addEventListener("click", () => {
  session.signOut();
  setFlash("info", "You are signed out.");
  location.hash = "#/signin";
});

// Permissions are read again on every load of the page, so a changed role shows after a reload.
let meChecked = false;
async function whoIsSignedIn() {
  if (meChecked && session.me()) return session.me();
  try {
    session.remember(await api.me());
    meChecked = true;
  } catch { /* a 401 has signed out already; anything else leaves the last known answer */ }
  return session.me();
}

/** The signed-in name in the bar, and only the links the key may follow. */
function showWho(me) {
  document.getElementById("who").textContent = signedInAs(me);
  for (const link of topbar.querySelectorAll("[data-needs]")) link.hidden = !can(me, link.dataset.needs);
}

async function route() {
  const current = ++renderCount;
  const r = parseHash(location.hash);
  if (r.name !== "signin" && !session.key()) {
    location.hash = "#/signin";
    return;
  }
  const signedIn = r.name !== "signin";
  const me = signedIn ? await whoIsSignedIn() : null;
  if (current !== renderCount) return;
  if (signedIn && !session.key()) return;
  if (signedIn) showWho(me);
  setMenu(false);
  topbar.hidden = !signedIn;
  document.body.classList.toggle("is-signin", !signedIn);
  for (const link of topbar.querySelectorAll("[data-nav]")) {
    if (link.dataset.nav === NAV[r.name]) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const page = PAGES[r.name];
  const message = flash;
  flash = null;
  if (page && !mayOpen(me, r.name)) {
    main.innerHTML = String(html`<section class="page"><h1 tabindex="-1">Not for your role</h1>${notice("info", `${refusal(me, r.name)} Ask an admin if you need to.`)}<p><a href="#/journey">Back to the journey</a></p></section>`);
    main.querySelector("h1").focus({ preventScroll: true });
    return;
  }
  if (!page) {
    main.innerHTML = String(html`<section class="page"><h1 tabindex="-1">Page not found</h1><p><a href="#/journey">Back to the journey</a></p></section>`);
    return;
  }
  const ctx = { route: r, flash: message, isCurrent: () => current === renderCount, setFlash };
  await page.render(main, ctx);
  if (!ctx.isCurrent()) return;
  const heading = main.querySelector("h1");
  if (heading && !ctx.keepFocus) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
  document.title = heading ? `${heading.textContent.trim()} · Moments` : "Moments";
}

window.addEventListener("hashchange", route);
route();
