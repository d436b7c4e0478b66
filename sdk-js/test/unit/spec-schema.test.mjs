// The shared vectors are well formed: every case file validates against
// spec/assignment/case-file.schema.json (Ajv, JSON Schema 2020-12), the index lists exactly the
// case files on disk with their test counts, test names are unique per file, and the files are
// exactly what the generator of record (spec/tools/generate.py) writes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import { SPEC_DIR, readJson, specFiles } from "./spec-files.mjs";

const index = readJson("index.json");
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(readJson(index.schema));
const files = specFiles();
const problems = (doc) => (validate(doc) ? [] : validate.errors.map((e) => `${e.instancePath} ${e.message}`));

for (const { file, doc } of files)
  test(`${file} validates against ${index.schema}`, () => {
    assert.deepEqual(problems(doc), []);
    assert.equal(doc.name + ".json", file, "a file's name field is its file name");
    const names = doc.tests.map((t) => t.name);
    assert.deepEqual(names.filter((n, i) => names.indexOf(n) != i), [], "test names are unique");
  });

test("index.json lists every case file on disk, in order, with its op and test count", () => {
  const onDisk = readdirSync(SPEC_DIR).filter((n) => /^\d\d-.*\.json$/.test(n)).sort();
  assert.deepEqual(index.files.map((f) => f.file), onDisk);
  for (const { file, doc } of files) {
    const listed = index.files.find((f) => f.file == file);
    assert.deepEqual([listed.op, listed.tests], [doc.op, doc.tests.length], file);
  }
});

test("the schema rejects malformed case files", () => {
  const layers = files.find((f) => f.doc.op == "assign").doc;
  const hashes = files.find((f) => f.doc.op == "hash").doc;
  const sticky = files.find((f) => f.doc.op == "sticky").doc;
  const holdouts = files.find((f) => f.doc.op == "holdout").doc;
  const { stored, ...storeless } = sticky.tests[0];
  const heldTest = holdouts.tests.find((t) => t.expected.holdouts.length);
  const broken = {
    "a test without expected": { ...hashes, tests: [{ name: "x", value: "a" }] },
    "a hash out of range": { ...hashes, tests: [{ name: "x", value: "a", expected: 2 ** 32 }] },
    "a state on a hash file": { ...hashes, state: layers.state },
    "an assign file without state": { ...layers, state: undefined },
    "an unknown op": { ...hashes, op: "hashes" },
    "an unknown test field": { ...layers, tests: [{ ...layers.tests[0], unit: "u" }] },
    "an assignment without ad": { ...layers, tests: [{ ...layers.tests[0], expected: { experiment: "e", variant: "v", forced: false, rollout: false } }] },
    "an experiment with a bad status": { ...layers, state: { ...layers.state, experiments: [{ ...layers.state.experiments[0], status: "live" }] } },
    "a range past 10000": { ...layers, state: { ...layers.state, experiments: [{ ...layers.state.experiments[0], ranges: [[0, 10001]] }] } },
    "a sticky test without stored": { ...sticky, tests: [storeless] },
    "a sticky answer without store": { ...sticky, tests: [{ ...sticky.tests[0], expected: { experiment: "e", variant: "v", forced: false, rollout: false, ad: false } }] },
    "a non-boolean sticky": { ...sticky, state: { ...sticky.state, experiments: [{ ...sticky.state.experiments[0], sticky: "yes" }] } },
    "a holdout exposure of an unknown group": { ...holdouts, tests: [{ ...heldTest, expected: { ...heldTest.expected, holdouts: [{ holdout: "h", variant: "control" }] } }] },
    "a holdout of 60 percent": { ...holdouts, state: { ...holdouts.state, holdouts: [{ key: "h", percent: 60 }] } },
    "a holdout of 0 percent": { ...holdouts, state: { ...holdouts.state, holdouts: [{ key: "h", percent: 0 }] } },
  };
  for (const [what, doc] of Object.entries(broken)) {
    const clean = JSON.parse(JSON.stringify(doc)); // drops the undefined state
    assert.notDeepEqual(problems(clean), [], what + " must be rejected");
  }
});

test("the files are what spec/tools/generate.py writes (python3 and gcc)", () => {
  const generator = fileURLToPath(new URL("../tools/generate.py", SPEC_DIR));
  let out;
  try {
    out = execFileSync("python3", [generator, "--check"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    assert.fail(`python3 ${generator} --check failed: ${e.stderr || e.message}`);
  }
  assert.match(out, /is up to date/);
});
