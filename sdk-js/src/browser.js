// The <script> build: one global, `Moments`, with the same functions as the package's exports.
import { init } from "./client.js";
import { hash, bucket } from "./hash.js";
import { validUnitId } from "./engine.js";

globalThis.Moments = { init, hash, bucket, validUnitId };
