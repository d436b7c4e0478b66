import { test } from "node:test";
import assert from "node:assert/strict";
import { auditChanges, actorLabel, shortJson, auditPanel, deliveriesTable } from "../../src/js/ops-view.js";
import { scheduleBody, localDateTime, experimentValues } from "../../src/js/form-model.js";

test("auditChanges lists only the fields that changed, without updatedAt", () => {
  const before = { name: "Hero", trafficPercent: 50, updatedAt: "a", targeting: null, stats: { alpha: 0.05 } };
  const after = { name: "Hero", trafficPercent: 80, updatedAt: "b", targeting: { all: [] }, stats: { alpha: 0.05 } };
  assert.deepEqual(auditChanges(before, after), [
    { field: "trafficPercent", before: "50", after: "80" },
    { field: "targeting", before: "—", after: '{"all":[]}' },
  ]);
});

test("a creation lists what was set and a deletion what was removed", () => {
  assert.deepEqual(auditChanges(null, { url: "https://x" }), [{ field: "url", before: "—", after: "https://x" }]);
  assert.deepEqual(auditChanges({ url: "https://x" }, null), [{ field: "url", before: "https://x", after: "—" }]);
});

test("long values are cut with an ellipsis", () => {
  const text = shortJson("x".repeat(500));
  assert.equal(text.length, 160);
  assert.ok(text.endsWith("…"));
});

test("the audit names the scheduler as a system actor and a person with their role", () => {
  assert.equal(actorLabel({ name: "scheduler", system: true }), "scheduler (system)");
  assert.equal(actorLabel({ name: "ops", keyPrefix: "mk_ab", system: false }), "ops (key mk_ab…)");
  assert.equal(actorLabel({ name: "Ana Lima", kind: "person", keyPrefix: "uk_a", system: false, person: { id: 3, name: "Ana Lima", role: "editor" } }), "Ana Lima (editor)");
});

test("the audit panel escapes what people typed and shows each change", () => {
  const markup = String(auditPanel([{ id: 1, at: "2026-11-29T10:00:00Z", action: "experiment.update",
    actor: { name: "<b>ops</b>", system: false }, before: { name: "a" }, after: { name: "<img>" } }]));
  assert.ok(!markup.includes("<img>") && !markup.includes("<b>ops"));
  assert.match(markup, /experiment\.update/);
  assert.match(markup, /2026-11-29 10:00 UTC/);
});

test("the delivery log shows status, attempts, answer and error", () => {
  const markup = String(deliveriesTable([{ id: 7, status: "failed", attempts: 5, lastStatusCode: 500, lastError: "HTTP 500",
    lastAttemptAt: "2026-11-29T10:00:00Z", event: { type: "srm", experiment: "hero" } }]));
  assert.match(markup, /data-status="failed"/);
  assert.match(markup, />5</);
  assert.match(markup, />500</);
  assert.match(markup, /HTTP 500/);
  assert.match(String(deliveriesTable([])), /Nothing delivered yet/);
});

test("scheduleBody sends only changed schedule fields, in UTC, null to clear", () => {
  const local = localDateTime("2030-01-02T03:04:00Z");
  const initial = { startAt: "", stopAt: local, rollout: "bold" };
  assert.deepEqual(scheduleBody({ startAt: "", stopAt: local, rollout: "bold" }, initial), {});
  assert.deepEqual(scheduleBody({ startAt: local, stopAt: "", rollout: "" }, initial),
    { startAt: "2030-01-02T03:04:00.000Z", stopAt: null, rollout: null });
  const errors = [];
  scheduleBody({ stopAt: "not a date" }, {}, errors);
  assert.equal(errors[0].field, "stopAt");
  assert.deepEqual(scheduleBody({ startAt: local }, {}, [], { draft: false }), {}, "a started experiment's start is not sent");
});

test("experimentValues shows the schedule in the form's local time", () => {
  const values = experimentValues({ key: "k", startAt: "2030-01-02T03:04:00Z", stopAt: null, stopRollout: null });
  assert.equal(values.startAt, localDateTime("2030-01-02T03:04:00Z"));
  assert.equal(values.stopAt, "");
  assert.equal(values.rollout, "");
});
