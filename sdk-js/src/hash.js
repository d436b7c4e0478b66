// MurmurHash3 x86 32-bit (seed 0) over the UTF-8 bytes of a string, and the 10,000-bucket split
// built on it. Mirrors the Java core bit for bit: the same visitor must land in the same bucket
// whether a page or a backend service asks.
//
// The hash streams bytes (ASCII code units directly), and takes its input in two
// parts, so that "layer:" + moment + ":" + unitId is hashed without building the string: that
// concatenation (and flattening it for charCodeAt) used to cost more than the hash itself.

let h, k, n; // the running state; hashing never re-enters, so module state is safe

function feed(byte) {
  k |= byte << ((n & 3) << 3); // little-endian 4-byte blocks
  if ((++n & 3) == 0) {
    h ^= mix(k);
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
    k = 0;
  }
}

let encoder;
function feedUtf8(s) {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // from the first non-ASCII character on, let TextEncoder do UTF-8 (U+FFFD for lone surrogates)
    if (c > 127) return (encoder ||= new TextEncoder()).encode(s.slice(i)).forEach(feed);
    feed(c);
  }
}

function mix(x) {
  x = Math.imul(x, 0xcc9e2d51);
  return Math.imul((x << 15) | (x >>> 17), 0x1b873593);
}

/** Unsigned 32-bit MurmurHash3 of the UTF-8 bytes of s (+ rest, when given: the hash of s + rest). */
export function hash(s, rest) {
  h = k = n = 0;
  feedUtf8(s);
  if (rest) feedUtf8(rest);
  if (n & 3) h ^= mix(k);
  h ^= n;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** floor(hash(s + rest) * 10000 / 2^32): a bucket in [0, 10000). Exact in doubles (< 2^46). */
export function bucket(s, rest) {
  return Math.floor((hash(s, rest) * 10000) / 4294967296);
}

/** Every error the SDK reports is one of these. */
export const error = (message) => new Error("moments: " + message);
