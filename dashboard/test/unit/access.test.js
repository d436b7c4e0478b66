import { test } from "node:test";
import assert from "node:assert/strict";
import { can, mayOpen, refusal, signedInAs } from "../../src/js/access.js";

const viewer = { kind: "person", name: "Vera Viewer", role: "viewer", permissions: ["read"] };
const editor = { kind: "person", name: "Eddie Editor", role: "editor", permissions: ["edit", "read"] };
const admin = { kind: "person", name: "Ada Admin", role: "admin", permissions: ["edit", "manage", "read"] };
const adminKey = { kind: "admin", name: "MOMENTS_ADMIN_KEY", role: "admin", permissions: ["edit", "manage", "read", "sdk"] };

test("a page is offered only to keys with the permission it needs", () => {
  for (const page of ["journey", "experiment", "power"]) assert.ok(mayOpen(viewer, page), page);
  for (const page of ["new-experiment", "edit-experiment", "new-moment"]) {
    assert.equal(mayOpen(viewer, page), false, page);
    assert.ok(mayOpen(editor, page), page);
  }
  assert.equal(mayOpen(editor, "people"), false);
  assert.ok(mayOpen(admin, "people"));
  assert.ok(mayOpen(adminKey, "people"));
  assert.equal(can(null, "read"), false, "nobody known, nothing offered");
});

test("the bar names the person and their role, or the admin key", () => {
  assert.equal(signedInAs(editor), "Eddie Editor · editor");
  assert.equal(signedInAs(adminKey), "Admin key");
  assert.equal(signedInAs(null), "");
});

test("a refused page says why in the role's words", () => {
  assert.equal(refusal(viewer, "new-experiment"), "A viewer cannot create experiments.");
  assert.equal(refusal(editor, "people"), "An editor cannot manage people.");
});
