// MurmurHash3 x86 32-bit (seed 0) over the UTF-8 bytes of a string, and the 10,000-bucket split
// built on it. Mirrors the Java core bit for bit: the same visitor must land in the same bucket
// whether a page or a backend service asks.
//
// The hash runs over a state [h, k, n] (hash so far, pending bytes, byte count), so the engine
// feeds the constant prefixes ("layer:" + moment + ":", "variant:" + salt + ":") once per config
// and per call hashes only the unit id: no string concatenation, a third of the bytes.

let encoder;
// ASCII is its own UTF-8; anything else becomes a string of its UTF-8 bytes (U+FFFD for lone surrogates)
const utf8 = (s) => (/[^\0-\x7f]/.test(s) ? String.fromCharCode(...(encoder ||= new TextEncoder()).encode(s)) : s);

const mix = (x) => {
  x = Math.imul(x, 0xcc9e2d51);
  return Math.imul((x << 15) | (x >>> 17), 0x1b873593);
};

/** The state after feeding the UTF-8 bytes of s into state (default: the empty state). */
export const feed = (s, [h, k, n] = [0, 0, 0]) => {
  for (let i = 0, b = utf8(s); i < b.length; i++) {
    k |= b.charCodeAt(i) << ((n & 3) << 3); // little-endian 4-byte blocks
    if ((++n & 3) == 0) {
      h ^= mix(k);
      h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
      k = 0;
    }
  }
  return [h, k, n];
};

/** Unsigned 32-bit MurmurHash3 of the UTF-8 bytes of s, fed after state when given. */
export const hash = (s, state) => {
  let [h, k, n] = feed(s, state);
  if (n & 3) h ^= mix(k);
  h ^= n;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

/** floor(hash * 10000 / 2^32): a bucket in [0, 10000). Exact in doubles (< 2^46). */
export const bucket = (s, state) => {
  return Math.floor((hash(s, state) * 10000) / 4294967296);
};

/** Every error the SDK reports is one of these. */
export const error = (message) => new Error("moments: " + message);
