// Reads the shared vectors: spec/assignment/index.json and the case files it lists, in its order.
import { readFileSync } from "node:fs";

export const SPEC_DIR = new URL("../../../spec/assignment/", import.meta.url);

export const readJson = (name) => JSON.parse(readFileSync(new URL(name, SPEC_DIR), "utf8"));

/** [{file, doc}] for every file of the index; throws with the path when one cannot be read. */
export function specFiles() {
  try {
    return readJson("index.json").files.map(({ file }) => ({ file, doc: readJson(file) }));
  } catch (e) {
    throw new Error(`cannot read the shared test vectors in ${SPEC_DIR.pathname}: ${e.message}`);
  }
}
