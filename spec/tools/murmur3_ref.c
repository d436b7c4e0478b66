/*
 * Reference MurmurHash3_x86_32, transcribed from Austin Appleby's public-domain
 * MurmurHash3.cpp (smhasher). It is the independent oracle for the vectors in spec/assignment/:
 * the generator cross-checks its own Python hash against this binary for every
 * string it uses.
 *
 * Input: one string per line on stdin, hex-encoded UTF-8 ("" for the empty string),
 * so any byte sequence survives the pipe. Output: one unsigned decimal hash per line,
 * seed 0.
 *
 * Build: gcc -O2 -std=c99 -o murmur3_ref murmur3_ref.c
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline uint32_t rotl32(uint32_t x, int8_t r) { return (x << r) | (x >> (32 - r)); }

static inline uint32_t getblock32(const uint8_t *p, int i) {
  /* explicit little-endian read, as the reference does on x86 */
  const uint8_t *b = p + i * 4;
  return (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
}

static inline uint32_t fmix32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

static void MurmurHash3_x86_32(const void *key, int len, uint32_t seed, void *out) {
  const uint8_t *data = (const uint8_t *)key;
  const int nblocks = len / 4;
  uint32_t h1 = seed;
  const uint32_t c1 = 0xcc9e2d51;
  const uint32_t c2 = 0x1b873593;

  for (int i = 0; i < nblocks; i++) {
    uint32_t k1 = getblock32(data, i);
    k1 *= c1;
    k1 = rotl32(k1, 15);
    k1 *= c2;
    h1 ^= k1;
    h1 = rotl32(h1, 13);
    h1 = h1 * 5 + 0xe6546b64;
  }

  const uint8_t *tail = data + nblocks * 4;
  uint32_t k1 = 0;
  switch (len & 3) {
    case 3: k1 ^= (uint32_t)tail[2] << 16; /* fall through */
    case 2: k1 ^= (uint32_t)tail[1] << 8;  /* fall through */
    case 1: k1 ^= tail[0];
            k1 *= c1; k1 = rotl32(k1, 15); k1 *= c2; h1 ^= k1;
  }

  h1 ^= (uint32_t)len;
  h1 = fmix32(h1);
  *(uint32_t *)out = h1;
}

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int main(void) {
  static char line[1 << 20];
  static uint8_t bytes[1 << 19];
  while (fgets(line, sizeof line, stdin)) {
    size_t n = strcspn(line, "\r\n");
    if (n % 2 != 0) { fprintf(stderr, "odd hex length\n"); return 2; }
    for (size_t i = 0; i < n / 2; i++) {
      int hi = hexval(line[2 * i]), lo = hexval(line[2 * i + 1]);
      if (hi < 0 || lo < 0) { fprintf(stderr, "bad hex digit\n"); return 2; }
      bytes[i] = (uint8_t)(hi * 16 + lo);
    }
    uint32_t h;
    MurmurHash3_x86_32(bytes, (int)(n / 2), 0, &h);
    printf("%u\n", h);
  }
  return 0;
}
