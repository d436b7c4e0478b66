// The rules the mock imitates, read from the server's OpenAPI document (the contract) instead of
// being written here a second time: the key pattern and the attributes a report can be split by.
import { readFileSync } from "node:fs";

const CONTRACT = new URL("../../server/src/main/resources/openapi.yaml", import.meta.url);

/** The value of one line of a component schema, e.g. schemaLine("Key", "pattern"). */
function schemaLine(yaml, schema, property) {
  const block = new RegExp(`^    ${schema}:\\n((?:      .*\\n)+)`, "m").exec(yaml);
  const line = block && new RegExp(`^      ${property}: (.*)$`, "m").exec(block[1]);
  if (!line) throw new Error(`openapi.yaml has no components.schemas.${schema}.${property}`);
  return line[1].trim();
}

const yaml = readFileSync(CONTRACT, "utf8");

/** The Key schema's pattern, e.g. ^[a-z0-9][a-z0-9._-]{0,63}$ (anchored). */
export const KEY_PATTERN = schemaLine(yaml, "Key", "pattern").replace(/^'|'$/g, "");
export const KEY = new RegExp(KEY_PATTERN);

/** The SegmentAttribute schema's enum. */
export const SEGMENT_ATTRIBUTES = schemaLine(yaml, "SegmentAttribute", "enum").replace(/^\[|\]$/g, "").split(",").map((s) => s.trim());

/**
 * Every operation of the contract with the permission it needs (the role its `security` names):
 * {method, path, pattern, operationId, permission}. The mock refuses what the server would refuse.
 */
export const OPERATIONS = (() => {
  const operations = [];
  let path = null;
  let current = null;
  for (const line of yaml.split("\n")) {
    if (line.startsWith("components:")) break;
    let m;
    if ((m = /^  (\/\S+):$/.exec(line))) { path = m[1]; current = null; continue; }
    if ((m = /^    (get|post|put|patch|delete):/.exec(line))) {
      const pattern = new RegExp(`^${path.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}/?$`);
      current = { method: m[1].toUpperCase(), path, pattern, operationId: null, permission: null };
      operations.push(current);
      continue;
    }
    if (current && (m = /^ {6}operationId: (\w+)/.exec(line))) current.operationId = m[1];
    if (current && !current.permission && (m = /bearer: \[(\w+)\]/.exec(line))) current.permission = m[1];
    // `security: []`: open to anyone (health, this document)
    if (current && /^ {6}security: \[\]/.test(line)) current.permission = "open";
  }
  const bare = operations.filter((o) => !o.permission);
  if (bare.length) throw new Error(`openapi.yaml: no permission for ${bare.map((o) => o.operationId).join(", ")}`);
  return operations;
})();
