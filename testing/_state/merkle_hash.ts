/**
 * The two hashes of an RFC 9162 tree, over 32-bit words: leaf `SHA-256(0x00 || h)` and node
 * `SHA-256(0x01 || l || r)` of 32-byte hashes held as eight big-endian words. A plain SHA-256
 * compression on fixed-size messages (one block for a leaf, two for a node), with no allocation
 * and no native call: on every runtime it beats `node:crypto` for 33- and 65-byte inputs, which
 * are most of the hashing a million-record tree needs. Pinned to `node:crypto` by a differential
 * test (`tests/testing/merkle_hash_test.ts`).
 *
 * @module
 */

const K = Int32Array.from([
  0x428a2f98,
  0x71374491,
  0xb5c0fbcf,
  0xe9b5dba5,
  0x3956c25b,
  0x59f111f1,
  0x923f82a4,
  0xab1c5ed5,
  0xd807aa98,
  0x12835b01,
  0x243185be,
  0x550c7dc3,
  0x72be5d74,
  0x80deb1fe,
  0x9bdc06a7,
  0xc19bf174,
  0xe49b69c1,
  0xefbe4786,
  0x0fc19dc6,
  0x240ca1cc,
  0x2de92c6f,
  0x4a7484aa,
  0x5cb0a9dc,
  0x76f988da,
  0x983e5152,
  0xa831c66d,
  0xb00327c8,
  0xbf597fc7,
  0xc6e00bf3,
  0xd5a79147,
  0x06ca6351,
  0x14292967,
  0x27b70a85,
  0x2e1b2138,
  0x4d2c6dfc,
  0x53380d13,
  0x650a7354,
  0x766a0abb,
  0x81c2c92e,
  0x92722c85,
  0xa2bfe8a1,
  0xa81a664b,
  0xc24b8b70,
  0xc76c51a3,
  0xd192e819,
  0xd6990624,
  0xf40e3585,
  0x106aa070,
  0x19a4c116,
  0x1e376c08,
  0x2748774c,
  0x34b0bcb5,
  0x391c0cb3,
  0x4ed8aa4a,
  0x5b9cca4f,
  0x682e6ff3,
  0x748f82ee,
  0x78a5636f,
  0x84c87814,
  0x8cc70208,
  0x90befffa,
  0xa4506ceb,
  0xbef9a3f7,
  0xc67178f2,
]);
const IV = Int32Array.from([
  0x6a09e667,
  0xbb67ae85,
  0x3c6ef372,
  0xa54ff53a,
  0x510e527f,
  0x9b05688c,
  0x1f83d9ab,
  0x5be0cd19,
]);
const W = new Int32Array(64);
const S = new Int32Array(8);

/** Compresses the 16 words in W[0..15] into the state S. */
function compress(): void {
  for (let t = 16; t < 64; t++) {
    const a = W[t - 15];
    const b = W[t - 2];
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
  }
  let a = S[0], b = S[1], c = S[2], d = S[3], e = S[4], f = S[5], g = S[6], h = S[7];
  for (let t = 0; t < 64; t++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[t] + W[t]) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  S[0] = (S[0] + a) | 0;
  S[1] = (S[1] + b) | 0;
  S[2] = (S[2] + c) | 0;
  S[3] = (S[3] + d) | 0;
  S[4] = (S[4] + e) | 0;
  S[5] = (S[5] + f) | 0;
  S[6] = (S[6] + g) | 0;
  S[7] = (S[7] + h) | 0;
}

/** Writes `SHA-256(0x00 || h)` of the 8-word hash at `h[at..]` into `out` (8 words). */
export function leafWords(h: Uint32Array, out: Uint32Array, at = 0): void {
  S.set(IV);
  W[0] = h[at] >>> 8;
  for (let j = 1; j < 8; j++) W[j] = (h[at + j - 1] << 24) | (h[at + j] >>> 8);
  W[8] = (h[at + 7] << 24) | 0x00800000;
  W.fill(0, 9, 15);
  W[15] = 33 * 8;
  compress();
  out.set(S);
}

/** Writes `SHA-256(0x01 || l || r)` of two 8-word hashes into `out` (8 words). */
export function nodeWords(l: Uint32Array, r: Uint32Array, out: Uint32Array): void {
  S.set(IV);
  W[0] = 0x01000000 | (l[0] >>> 8);
  for (let j = 1; j < 8; j++) W[j] = (l[j - 1] << 24) | (l[j] >>> 8);
  W[8] = (l[7] << 24) | (r[0] >>> 8);
  for (let j = 1; j < 8; j++) W[8 + j] = (r[j - 1] << 24) | (r[j] >>> 8);
  compress();
  W[0] = (r[7] << 24) | 0x00800000;
  W.fill(0, 1, 15);
  W[15] = 65 * 8;
  compress();
  out.set(S);
}

const NIBBLE = new Uint8Array(128);
for (let i = 0; i < 16; i++) {
  NIBBLE["0123456789abcdef".charCodeAt(i)] = NIBBLE["0123456789ABCDEF".charCodeAt(i)] = i;
}

/** The eight big-endian words of a 64-character hex hash (the caller checks the text). */
export function wordsOfHex(hex: string, out: Uint32Array = new Uint32Array(8)): Uint32Array {
  for (let j = 0; j < 8; j++) {
    let w = 0;
    for (let k = 8 * j; k < 8 * j + 8; k++) w = (w << 4) | NIBBLE[hex.charCodeAt(k) & 127];
    out[j] = w;
  }
  return out;
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Lower-case hex of the 8-word hash at `offset` of `words` (a 256-entry table: cache-friendly). */
export function hexOfWords(words: Uint32Array, offset = 0): string {
  let out = "";
  for (let j = offset; j < offset + 8; j++) {
    const w = words[j];
    out += BYTE_HEX[w >>> 24] + BYTE_HEX[(w >>> 16) & 255] + BYTE_HEX[(w >>> 8) & 255] +
      BYTE_HEX[w & 255];
  }
  return out;
}
