/**
 * The body of a hashing worker, as source text: self-contained (it imports only
 * `node:worker_threads` and `node:crypto`), so it runs as `new Worker(source, { eval: true })` on
 * Deno, Bun and Node wherever the package is served from, `.ts` or compiled `.js`.
 *
 * A job (`_hash_jobs.ts`) holds a block of records as the main thread wrote them: for record `i`,
 * bytes `offsets[i]..offsets[i + 1]` of `text` hold its `hash` (64 bytes, when `flags[i] & 2`)
 * followed by its text without `hash` (when `flags[i] & 1`). The worker fills in `status[i]`:
 * 1 = that text is the record's canonical text (ASCII, no value that needs escaping, `seq` in
 * digits: what the fast path's pattern admits), 2 = its SHA-256 is the `hash` given, 4 = the
 * `hash` is 64 lowercase hex characters (a valid Merkle leaf); and `tree`, the RFC 9162 levels of
 * the block: level 0 the leaf hashes, level k the hash of each aligned pair of level k - 1
 * (`floor(n / 2^k)` nodes), 32 bytes each. A record it is not sure of gets status 0, and the main
 * thread checks it itself, so the answer never differs from one thread's. The buffers go back
 * with the answer, to be written again.
 *
 * @module
 */

/** The worker's source text. */
export const HASH_WORKER_SOURCE: string = `
"use strict";
(async () => {
  const { parentPort } = await import("node:worker_threads");
  const crypto = await import("node:crypto");
  const oneShot = typeof crypto.hash === "function";
  const VALUE = new Int8Array(128).fill(-1);
  for (let i = 0; i < 16; i++) VALUE["0123456789abcdef".charCodeAt(i)] = i;
  // SHA-256 into out[at..at + 32], by the fastest output each runtime has (measured): bytes on
  // Bun, latin1 text on Node, hex text on Deno (where a Buffer or latin1 costs twice as much).
  const digestInto = !oneShot
    ? (data, out, at) => out.set(crypto.createHash("sha256").update(data).digest(), at)
    : typeof Bun !== "undefined"
    ? (data, out, at) => out.set(crypto.hash("sha256", data, "buffer"), at)
    : typeof Deno === "undefined"
    ? (data, out, at) => {
      const text = crypto.hash("sha256", data, "latin1");
      for (let i = 0; i < 32; i++) out[at + i] = text.charCodeAt(i);
    }
    : (data, out, at) => {
      const text = crypto.hash("sha256", data, "hex");
      for (let i = 0; i < 32; i++) {
        out[at + i] = (VALUE[text.charCodeAt(2 * i)] << 4) | VALUE[text.charCodeAt(2 * i + 1)];
      }
    };
  const hexInto = (bytes, from, out, at) => {
    for (let i = 0; i < 32; i++) {
      const a = bytes[from + 2 * i], b = bytes[from + 2 * i + 1];
      const hi = a < 128 ? VALUE[a] : -1, lo = b < 128 ? VALUE[b] : -1;
      if (hi < 0 || lo < 0) return false;
      out[at + i] = (hi << 4) | lo;
    }
    return true;
  };
  // The main thread wrote the text as the fast path's template; it is canonical when no value
  // needs escaping: exactly the template's 30 quotes, no backslash, control or non-ASCII byte,
  // and seq in digits. One table load per byte: quotes count in the low byte, anything else
  // pushes the sum past 255 (so does a 256th quote: such text is left to the main thread).
  const SCAN = new Uint16Array(256);
  for (let c = 0; c < 256; c++) SCAN[c] = c === 34 ? 1 : c < 32 || c === 92 || c > 126 ? 256 : 0;
  const canonical = (u8, a, b) => {
    let sum = 0;
    for (let i = a; i < b; i++) sum += SCAN[u8[i]];
    let i = b - 2;
    while (i > a && u8[i] >= 48 && u8[i] <= 57) i--;
    return sum === 30 && u8[b - 1] === 125 && u8[i] === 58 && i < b - 2;
  };
  const leaf = new Uint8Array(33);
  const body = new Uint8Array(32);
  const run = (job) => {
    const { text: t, offsets: o, flags: f, status: s, tree: tr } = job.buffers;
    const text = new Uint8Array(t), offsets = new Int32Array(o), flags = new Uint8Array(f);
    const status = new Uint8Array(s), tree = new Uint8Array(tr);
    const n = job.length;
    for (let i = 0; i < n; i++) {
      let bits = 0;
      const hashed = (flags[i] & 2) !== 0;
      const a = offsets[i] + (hashed ? 64 : 0), b = offsets[i + 1];
      // The hash as bytes (a valid leaf when it is lowercase hex: only then can it equal a digest).
      const leafOk = hashed && hexInto(text, offsets[i], leaf, 1);
      if ((flags[i] & 1) !== 0 && canonical(text, a, b)) {
        bits |= 1;
        if (leafOk) {
          digestInto(text.subarray(a, b), body, 0);
          let same = true;
          for (let j = 0; j < 32; j++) if (body[j] !== leaf[1 + j]) same = false;
          if (same) bits |= 2;
        }
      }
      if (leafOk) {
        bits |= 4;
        digestInto(leaf, tree, 32 * i);
      }
      status[i] = bits;
    }
    // Level k + 1 from level k: hash 0x01 || left || right, the byte before each pair lent for
    // the prefix and given back, so nothing is copied.
    for (let from = 0, w = n; w >= 2; w = Math.floor(w / 2)) {
      const to = from + 32 * w;
      for (let j = 0; 2 * j + 1 < w; j++) {
        const at = from + 64 * j;
        if (at === 0) {
          const pair = new Uint8Array(65);
          pair[0] = 1;
          pair.set(tree.subarray(0, 64), 1);
          digestInto(pair, tree, to + 32 * j);
          continue;
        }
        const kept = tree[at - 1];
        tree[at - 1] = 1;
        digestInto(tree.subarray(at - 1, at + 64), tree, to + 32 * j);
        tree[at - 1] = kept;
      }
      from = to;
    }
    parentPort.postMessage(job, [t, o, f, s, tr]);
  };
  parentPort.on("message", run);
  parentPort.postMessage({ ready: true });
})();
`;
