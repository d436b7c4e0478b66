// People, their keys and roles in the mock, and who may call what: each operation's permission is
// read from the contract (dev/contract.js), so the mock refuses what the server would refuse.
import { randomBytes } from "node:crypto";
import { OPERATIONS } from "./contract.js";
import { fail } from "./mock-validate.js";

export const DEV_VIEWER_KEY = "dev-viewer-key-00000000000000000000";
export const DEV_EDITOR_KEY = "dev-editor-key-00000000000000000000";
const ROLE_PERMISSIONS = { viewer: ["read"], editor: ["edit", "read"], admin: ["edit", "manage", "read"] };
const ROLES = Object.keys(ROLE_PERMISSIONS);

const view = ({ key, ...person }) => person;

export function addPerson(store, { name, email, role }, key = `uk_${randomBytes(24).toString("base64url")}`) {
  if (typeof name !== "string" || !name.trim()) throw fail("missing_field", "'name' is required.", "name");
  if (typeof email !== "string" || !/^[^@\s]+@[^@\s]+\.[^@\s.]+$/.test(email)) throw fail("invalid_field", "'email' must be an e-mail address.", "email");
  if (!ROLES.includes(role)) throw fail("invalid_field", `'role' must be one of ${ROLES.join(", ")}.`, "role");
  if ([...store.people.values()].some((p) => p.active && p.email.toLowerCase() === email.toLowerCase())) {
    throw fail("duplicate_email", `An active person with the e-mail address '${email}' already exists.`, null, 409);
  }
  const person = { id: store.people.size + 1, name, email, role, active: true, createdAt: new Date().toISOString(), deactivatedAt: null, keyPrefix: key.slice(0, 4), key };
  store.people.set(person.id, person);
  return person;
}

export function seedPeople(store) {
  addPerson(store, { name: "Vera Viewer", email: "vera@example.com", role: "viewer" }, DEV_VIEWER_KEY);
  addPerson(store, { name: "Eddie Editor", email: "eddie@example.com", role: "editor" }, DEV_EDITOR_KEY);
}

/** Who an Authorization header belongs to (as GET /me answers), or null. */
export function caller(store, adminKey, header) {
  const key = /^Bearer (.+)$/.exec(header ?? "")?.[1];
  if (!key) return null;
  if (key === adminKey) return { kind: "admin", keyId: 1, name: "MOMENTS_ADMIN_KEY", role: "admin", permissions: ["edit", "manage", "read", "sdk"] };
  const person = [...store.people.values()].find((p) => p.active && p.key === key);
  if (!person) return null;
  return { kind: "person", keyId: 100 + person.id, name: person.name, role: person.role, permissions: ROLE_PERMISSIONS[person.role],
    person: { id: person.id, name: person.name, email: person.email, role: person.role } };
}

/** Refuses a call the caller's permissions do not cover, with the server's 403 body. */
export function authorize(who, method, pathname) {
  const operation = OPERATIONS.find((o) => o.method === method && o.pattern.test(pathname));
  const needs = operation?.permission ?? "read";
  if (needs !== "open" && !who.permissions.includes(needs)) {
    const name = who.kind === "person" ? `${who.name} (${who.role})` : `A ${who.kind} key`;
    throw fail("forbidden", `${name} may not call ${method} ${pathname}: it needs the '${needs}' permission.`, null, 403);
  }
}

/**
 * /me and /people routes: [status, body], or null for other paths. The admin key always exists in
 * the mock, so it has no last-admin rule.
 */
export function people(store, who, method, path, body) {
  if (path === "/me" && method === "GET") return [200, who];
  if (path === "/people" && method === "GET") return [200, { people: [...store.people.values()].map(view) }];
  if (path === "/people" && method === "POST") return [201, addPerson(store, body)];
  const m = /^\/people\/(\d+)(\/key)?$/.exec(path);
  if (!m) return null;
  const person = store.people.get(Number(m[1]));
  if (!person || (method !== "GET" && !person.active)) throw fail("not_found", `Active person '${m[1]}' does not exist`, null, 404);
  if (m[2] && method === "POST") {
    person.key = `uk_${randomBytes(24).toString("base64url")}`;
    person.keyPrefix = person.key.slice(0, 4);
    return [201, { ...person }];
  }
  if (m[2]) return null;
  if (method === "GET") return [200, view(person)];
  if (method === "PATCH") {
    if (!ROLES.includes(body.role)) throw fail("invalid_field", `'role' must be one of ${ROLES.join(", ")}.`, "role");
    person.role = body.role;
    return [200, view(person)];
  }
  if (method === "DELETE") {
    Object.assign(person, { active: false, deactivatedAt: new Date().toISOString(), keyPrefix: null, key: null });
    return [200, view(person)];
  }
  return null;
}
