// MurmurHash3 x86 32-bit (seed 0) over the UTF-8 bytes of a string, and the 10,000-bucket split
// built on it. Mirrors the Java core bit for bit: the same visitor must land in the same bucket
// whether a page or a backend service asks.

let encoder;

/** Unsigned 32-bit MurmurHash3 of the UTF-8 bytes of s. */
export function hash(s) {
  let len = s.length, i = 0, h = 0, k = 0;
  // an ASCII string is its own UTF-8: hash its code units directly, no allocation
  while (i < len && s.charCodeAt(i) < 128) i++;
  const bytes = i < len && (encoder ||= new TextEncoder()).encode(s); // U+FFFD for lone surrogates
  if (bytes) len = bytes.length;
  for (i = 0; i < len; i++) {
    k |= (bytes ? bytes[i] : s.charCodeAt(i)) << ((i & 3) << 3); // little-endian 4-byte blocks
    if ((i & 3) == 3) {
      h ^= mix(k);
      h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
      k = 0;
    }
  }
  if (len & 3) h ^= mix(k);
  h ^= len;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function mix(k) {
  k = Math.imul(k, 0xcc9e2d51);
  return Math.imul((k << 15) | (k >>> 17), 0x1b873593);
}

/** floor(hash(s) * 10000 / 2^32): a bucket in [0, 10000). Exact in doubles (< 2^46). */
export function bucket(s) {
  return Math.floor((hash(s) * 10000) / 4294967296);
}

/** Every error the SDK reports is one of these. */
export const error = (message) => new Error("moments: " + message);
