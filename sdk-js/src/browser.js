// The <script> build: one global, `Moments`, with init (hash, bucket and validUnitId stay in the
// ESM/CommonJS builds: a page has no use for them, and the 5,120 B budget has little room to spare).
import { init } from "./client.js";

globalThis.Moments = { init };
