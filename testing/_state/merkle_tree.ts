/**
 * The stand-in's RFC 9162 Merkle tree over the trail's record hashes (section 2.1 exactly): leaf
 * hash `SHA-256(0x00 || record hash)`, node `SHA-256(0x01 || left || right)`, the empty tree
 * `SHA-256("")`. A compact frontier makes an append O(log n) (O(1) amortised); the complete
 * subtrees from level {@linkcode STORED_FROM} up are kept in typed arrays (16 bytes a leaf), and
 * the right-edge subtrees of recent tree sizes are cached, so any root, audit path or consistency
 * path is O(log n) lookups plus at most a few dozen 64-byte hashes.
 *
 * @module
 */
import { HashColumn } from "./hash_column.ts";
import { Lru } from "./lru.ts";
import { hexOfWords, leafWords, nodeWords, wordsOfHex } from "./merkle_hash.ts";

/** Lowest level whose complete subtrees are stored (lower ones are recomputed from leaves). */
export const STORED_FROM = 2;

const EMPTY_ROOT = wordsOfHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

function leafOf(input: Uint32Array): Uint32Array {
  const out = new Uint32Array(8);
  leafWords(input, out);
  return out;
}

function nodeOf(left: Uint32Array, right: Uint32Array): Uint32Array {
  const out = new Uint32Array(8);
  nodeWords(left, right, out);
  return out;
}

/** Right-edge subtrees are cached under `start * EDGE_KEY + n` (a safe integer below 2^52). */
const EDGE_KEY = 2 ** 26;

/** The largest power of two strictly below `n` (n >= 2). */
function splitPoint(n: number): number {
  return 2 ** Math.ceil(Math.log2(n) - 1);
}

/** An append-only RFC 9162 Merkle tree whose leaf inputs live in a {@linkcode HashColumn}. */
export class MerkleTree {
  readonly #leaves: HashColumn;
  readonly #levels: HashColumn[] = [];
  readonly #frontier: Uint32Array[] = [];
  readonly #edges = new Lru<number | string, Uint32Array>(4096);
  readonly #hexes = new Lru<number | string, string>(16384);
  readonly #scratch = new Uint32Array(8);
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
    const cur = this.#scratch;
    leafWords(this.#leaves.get(idx), cur);
    let h = 0;
    while (idx % 2 === 1) {
      nodeWords(this.#frontier[h], cur, cur);
      h++;
      idx = Math.floor(idx / 2);
      if (h >= STORED_FROM) (this.#levels[h] ??= new HashColumn()).push(cur);
    }
    (this.#frontier[h] ??= new Uint32Array(8)).set(cur);
    this.#size++;
  }

  /** The root of the tree of the first `n` leaves (`n` <= size), as hex. */
  rootHex(n: number = this.#size): string {
    this.#check(n);
    return hexOfWords(n === 0 ? EMPTY_ROOT : this.#subtree(0, n));
  }

  /** The leaf hash of leaf `m` (0-based), as hex. */
  leafHex(m: number): string {
    return hexOfWords(leafOf(this.#leaves.get(m)));
  }

  /** RFC 9162 audit path (hex) of leaf `m` (0-based) in the tree of size `n`, deepest first. */
  inclusionPath(m: number, n: number): string[] {
    this.#check(n);
    if (!(m >= 0 && m < n)) throw new RangeError(`leaf ${m} is not in a tree of size ${n}`);
    const path: string[] = [];
    this.#path(m, 0, n, path);
    return path;
  }

  /** RFC 9162 consistency path (hex) from the tree of size `m` to size `n` (0 < m <= n). */
  consistencyPath(m: number, n: number): string[] {
    this.#check(n);
    if (!(m > 0 && m <= n)) throw new RangeError(`no consistency path from ${m} to ${n}`);
    const path: string[] = [];
    this.#subproof(m, 0, n, true, path);
    return path;
  }

  #check(n: number): void {
    if (!(Number.isSafeInteger(n) && n >= 0 && n <= this.#size)) {
      throw new RangeError(`the tree has ${this.#size} leaves, not ${n}`);
    }
  }

  #path(m: number, start: number, n: number, out: string[]): void {
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      this.#path(m, start, k, out);
      out.push(this.#subtreeHex(start + k, n - k));
    } else {
      this.#path(m - k, start + k, n - k, out);
      out.push(this.#subtreeHex(start, k));
    }
  }

  #subproof(m: number, start: number, n: number, whole: boolean, out: string[]): void {
    if (m === n) {
      if (!whole) out.push(this.#subtreeHex(start, n));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      this.#subproof(m, start, k, whole, out);
      out.push(this.#subtreeHex(start + k, n - k));
    } else {
      this.#subproof(m - k, start + k, n - k, false, out);
      out.push(this.#subtreeHex(start, k));
    }
  }

  /**
   * {@linkcode #subtree} as hex. Subtrees of 256 leaves or more, and the right edges, are few and
   * shared by many proofs: their hex is cached (turning words into hex is most of a proof's cost).
   */
  #subtreeHex(start: number, n: number): string {
    if (n < 256 && Number.isInteger(Math.log2(n))) return hexOfWords(this.#subtree(start, n));
    const key = start < EDGE_KEY && n < EDGE_KEY ? start * EDGE_KEY + n : `${start}:${n}`;
    return this.#hexes.get(key, () => hexOfWords(this.#subtree(start, n)));
  }

  /** MTH of leaves [start, start + n), n >= 1; start is a multiple of the subtree's width. */
  #subtree(start: number, n: number): Uint32Array {
    const level = Math.log2(n);
    if (Number.isInteger(level)) return this.#node(level, start / n);
    const key = start < EDGE_KEY && n < EDGE_KEY ? start * EDGE_KEY + n : `${start}:${n}`;
    return this.#edges.get(key, () => {
      const k = splitPoint(n);
      return nodeOf(this.#subtree(start, k), this.#subtree(start + k, n - k));
    });
  }

  /** The complete subtree at level `h`, index `j`. */
  #node(h: number, j: number): Uint32Array {
    if (h >= STORED_FROM) return this.#levels[h].get(j);
    if (h === 0) return leafOf(this.#leaves.get(j));
    return nodeOf(this.#node(h - 1, 2 * j), this.#node(h - 1, 2 * j + 1));
  }
}
