export { init } from "./client.js";
export { hash, bucket } from "./hash.js";
export { validUnitId } from "./engine.js";
