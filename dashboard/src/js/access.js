// Who is signed in and what their key may do, as GET /api/v1/me says (pure, unit-tested). The pages
// offer only what the server would allow; the server refuses the rest anyway.

/** The permission each page needs; pages not listed need only to be signed in. */
export const PAGE_NEEDS = { "new-experiment": "edit", "edit-experiment": "edit", "new-moment": "edit", people: "manage", webhooks: "manage", holdouts: "manage", holdout: "manage" };

export const can = (me, permission) => Boolean(me?.permissions?.includes(permission));

export const mayOpen = (me, page) => !PAGE_NEEDS[page] || can(me, PAGE_NEEDS[page]);

/** "Ana Lima · editor", or "Admin key" for the server's admin key. */
export function signedInAs(me) {
  if (!me) return "";
  if (me.kind === "person") return `${me.name} · ${me.role}`;
  return me.kind === "admin" ? "Admin key" : `${me.kind} key`;
}

export const ROLES = ["viewer", "editor", "admin"];

/** What each role may do, in the words the people page shows under the choice. */
export const ROLE_HELP = "Viewers read experiments, reports and the power calculator; editors also create, change, start, pause, stop and archive experiments, and moments; admins also manage people, keys and webhooks.";

/** Why a page is not offered: "A viewer cannot create experiments." */
export function refusal(me, page) {
  const what = { "new-experiment": "create experiments", "edit-experiment": "change experiments", "new-moment": "create moments", people: "manage people", webhooks: "manage webhooks", holdouts: "manage holdouts", holdout: "read holdout reports" }[page] ?? "open this page";
  const who = me?.kind === "person" ? `${/^[aeiou]/.test(me.role) ? "An" : "A"} ${me.role}` : "This key";
  return `${who} cannot ${what}.`;
}
