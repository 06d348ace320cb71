/**
 * The stand-in's RFC 9162 Merkle tree over the trail's record hashes (section 2.1 exactly): leaf
 * hash `SHA-256(0x00 || record hash)`, node `SHA-256(0x01 || left || right)`, the empty tree
 * `SHA-256("")`. A compact frontier makes an append O(log n) (O(1) amortised); the complete subtrees
 * from level {@linkcode STORED_FROM} up are kept in typed arrays (8 bytes a leaf), so any root,
 * audit path or consistency path of any size is O(log n) lookups plus at most 2^3 leaf hashes.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { HashColumn } from "./hash_column.ts";

/** Lowest level whose complete subtrees are stored (lower ones are recomputed from leaves). */
export const STORED_FROM = 3;

const EMPTY_ROOT = createHash("sha256").digest();

function leafHash(input: Uint8Array): Uint8Array {
  const buf = new Uint8Array(33);
  buf.set(input, 1);
  return createHash("sha256").update(buf).digest();
}

function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = new Uint8Array(65);
  buf[0] = 1;
  buf.set(left, 1);
  buf.set(right, 33);
  return createHash("sha256").update(buf).digest();
}

/** The largest power of two strictly below `n` (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isPowerOfTwo = (n: number) => Number.isInteger(Math.log2(n));

/** An append-only RFC 9162 Merkle tree whose leaf inputs live in a {@linkcode HashColumn}. */
export class MerkleTree {
  readonly #leaves: HashColumn;
  readonly #levels: HashColumn[] = [];
  readonly #frontier: Uint8Array[] = [];
  #size = 0;

  /** @param leaves The leaf inputs (record hashes); the tree covers the first `size` of them. */
  constructor(leaves: HashColumn) {
    this.#leaves = leaves;
  }

  /** Number of leaves in the tree. */
  get size(): number {
    return this.#size;
  }

  /** Adds the next leaf of the column to the tree. */
  append(): void {
    let idx = this.#size;
    let cur = leafHash(this.#leaves.get(idx));
    let h = 0;
    while (idx & 1) {
      cur = nodeHash(this.#frontier[h], cur);
      h++;
      idx = Math.floor(idx / 2);
      if (h >= STORED_FROM) (this.#levels[h] ??= new HashColumn()).push(cur);
    }
    this.#frontier[h] = cur;
    this.#size++;
  }

  /** The root of the tree of the first `n` leaves (`n` <= size). */
  root(n: number = this.#size): Uint8Array {
    this.#check(n);
    return n === 0 ? EMPTY_ROOT : this.#subtree(0, n);
  }

  /** The leaf hash of leaf `m` (0-based). */
  leafHash(m: number): Uint8Array {
    return leafHash(this.#leaves.get(m));
  }

  /** RFC 9162 audit path of leaf `m` (0-based) in the tree of size `n`, deepest sibling first. */
  inclusionPath(m: number, n: number): Uint8Array[] {
    this.#check(n);
    if (!(m >= 0 && m < n)) throw new RangeError(`leaf ${m} is not in a tree of size ${n}`);
    const path: Uint8Array[] = [];
    this.#path(m, 0, n, path);
    return path;
  }

  /** RFC 9162 consistency path from the tree of size `m` to the tree of size `n` (0 < m <= n). */
  consistencyPath(m: number, n: number): Uint8Array[] {
    this.#check(n);
    if (!(m > 0 && m <= n)) throw new RangeError(`no consistency path from ${m} to ${n}`);
    const path: Uint8Array[] = [];
    this.#subproof(m, 0, n, true, path);
    return path;
  }

  #check(n: number): void {
    if (!(Number.isSafeInteger(n) && n >= 0 && n <= this.#size)) {
      throw new RangeError(`the tree has ${this.#size} leaves, not ${n}`);
    }
  }

  #path(m: number, start: number, n: number, out: Uint8Array[]): void {
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      this.#path(m, start, k, out);
      out.push(this.#subtree(start + k, n - k));
    } else {
      this.#path(m - k, start + k, n - k, out);
      out.push(this.#subtree(start, k));
    }
  }

  #subproof(m: number, start: number, n: number, whole: boolean, out: Uint8Array[]): void {
    if (m === n) {
      if (!whole) out.push(this.#subtree(start, n));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      this.#subproof(m, start, k, whole, out);
      out.push(this.#subtree(start + k, n - k));
    } else {
      this.#subproof(m - k, start + k, n - k, false, out);
      out.push(this.#subtree(start, k));
    }
  }

  /** MTH of leaves [start, start + n), n >= 1; start is a multiple of the subtree's width. */
  #subtree(start: number, n: number): Uint8Array {
    if (isPowerOfTwo(n)) return this.#node(Math.round(Math.log2(n)), start / n);
    const k = splitPoint(n);
    return nodeHash(this.#subtree(start, k), this.#subtree(start + k, n - k));
  }

  /** The complete subtree at level `h`, index `j`. */
  #node(h: number, j: number): Uint8Array {
    if (h >= STORED_FROM) return this.#levels[h].get(j);
    if (h === 0) return leafHash(this.#leaves.get(j));
    return nodeHash(this.#node(h - 1, 2 * j), this.#node(h - 1, 2 * j + 1));
  }
}
