/**
 * The benchmarks' own RFC 9162 (section 2.1) Merkle tree over `node:crypto`, written the plain way:
 * the baseline that the SDK's verification is compared with, and the generator of the synthetic
 * logs' tree heads and proofs. Deliberately independent of the SDK's code.
 *
 * @module
 */
import * as nodeCrypto from "node:crypto";
import { Buffer } from "node:buffer";

type Digest = (prefix: number, a: Uint8Array, b?: Uint8Array) => Buffer;
type OneShot = (algorithm: string, data: Uint8Array, encoding: "buffer") => Buffer;
const oneShot = (nodeCrypto as unknown as { hash?: OneShot }).hash;
const PREFIX = [Buffer.from([0]), Buffer.from([1])];
const scratch = Buffer.alloc(65);

const streaming: Digest = (prefix, a, b) => {
  const h = nodeCrypto.createHash("sha256").update(PREFIX[prefix]).update(a);
  return (b ? h.update(b) : h).digest();
};
const copied: Digest = (prefix, a, b) => {
  const length = 1 + a.length + (b?.length ?? 0);
  if (length > scratch.length) return streaming(prefix, a, b);
  scratch[0] = prefix;
  scratch.set(a, 1);
  if (b) scratch.set(b, 1 + a.length);
  return oneShot!("sha256", scratch.subarray(0, length), "buffer");
};

/**
 * The faster of the two plain ways to hash a prefixed node on this runtime (a streaming hash fed
 * the parts, or one-shot `crypto.hash` over a copy), so that the baseline is the strongest plain
 * `node:crypto` code, whichever runtime runs it.
 */
function fastest(): Digest {
  if (!oneShot) return streaming;
  const a = nodeCrypto.randomBytes(32);
  const time = (d: Digest) => {
    const t0 = performance.now();
    for (let i = 0; i < 3000; i++) d(1, a, a);
    return performance.now() - t0;
  };
  time(streaming);
  time(copied);
  return time(copied) < time(streaming) ? copied : streaming;
}
const digest = fastest();

/** SHA-256(0x00 || input): the hash of a leaf. */
export function leafHash(input: Uint8Array): Buffer {
  return digest(0, input);
}

/** SHA-256(0x01 || left || right): the hash of an interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return digest(1, left, right);
}

/** The hash of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: string = nodeCrypto.createHash("sha256").digest("hex");

/**
 * The root of a growing log in O(log n) memory: the roots of the perfect subtrees of the binary
 * decomposition of its size, largest first.
 */
export class Frontier {
  #nodes: Buffer[] = [];
  #sizes: number[] = [];
  size = 0;

  /** Appends a leaf given its input bytes (for trail records, the 32 raw bytes of `hash`). */
  push(input: Uint8Array): void {
    let h = leafHash(input);
    let s = 1;
    while (this.#sizes.length > 0 && this.#sizes[this.#sizes.length - 1] === s) {
      h = nodeHash(this.#nodes.pop()!, h);
      this.#sizes.pop();
      s *= 2;
    }
    this.#nodes.push(h);
    this.#sizes.push(s);
    this.size++;
  }

  /** The root hash (hex) of the leaves pushed so far. */
  root(): string {
    if (this.#nodes.length === 0) return EMPTY_ROOT;
    let h = this.#nodes[this.#nodes.length - 1];
    for (let i = this.#nodes.length - 2; i >= 0; i--) h = nodeHash(this.#nodes[i], h);
    return h.toString("hex");
  }
}

const largestPowerBelow = (n: number) => 2 ** Math.floor(Math.log2(n - 1));

/** MTH over leaf hashes `[lo, hi)`. */
function subtreeRoot(leaves: readonly Buffer[], lo: number, hi: number): Buffer {
  if (hi - lo === 1) return leaves[lo];
  const k = largestPowerBelow(hi - lo);
  return nodeHash(subtreeRoot(leaves, lo, lo + k), subtreeRoot(leaves, lo + k, hi));
}

/** RFC 9162 PATH(m, D[lo:hi]): the audit path of leaf `m` (0-based), bottom first. */
export function auditPath(
  leaves: readonly Buffer[],
  m: number,
  lo = 0,
  hi = leaves.length,
): Buffer[] {
  if (hi - lo <= 1) return [];
  const k = largestPowerBelow(hi - lo);
  return m - lo < k
    ? [...auditPath(leaves, m, lo, lo + k), subtreeRoot(leaves, lo + k, hi)]
    : [...auditPath(leaves, m, lo + k, hi), subtreeRoot(leaves, lo, lo + k)];
}

/** RFC 9162 section 2.1.3.2: does `path` prove leaf `index` (with `leaf` hash) in the tree `root`? */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  path: readonly Uint8Array[],
  root: string,
): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.from(r).toString("hex") === root;
}
