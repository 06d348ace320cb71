/**
 * The stand-in's RFC 9162 Merkle tree over the trail's record hashes (section 2.1 exactly): leaf
 * hash `SHA-256(0x00 || record hash)`, node `SHA-256(0x01 || left || right)`, the empty tree
 * `SHA-256("")`. A compact frontier makes an append O(log n) (O(1) amortised); the complete
 * subtrees from level {@linkcode STORED_FROM} up are kept in typed arrays (32 bytes a leaf), and
 * the right-edge subtrees of recent tree sizes are cached, so any root, audit path or consistency
 * path is O(log n) lookups plus a few 64-byte hashes, written as words into one flat array.
 *
 * @module
 */
import { HashColumn } from "./hash_column.ts";
import { Lru } from "./lru.ts";
import { hexOfWords, leafWords, nodeWords, wordsOfHex } from "./merkle_hash.ts";

/** Lowest level whose complete subtrees are stored (lower ones are recomputed from leaves). */
export const STORED_FROM = 1;

const EMPTY_ROOT = wordsOfHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

/** Right-edge subtrees are cached under `start * EDGE_KEY + n` (a safe integer below 2^52). */
const EDGE_KEY = 2 ** 26;

const SMALL = 2 ** 31;

/** The largest power of two strictly below `n` (n >= 2). */
function splitPoint(n: number): number {
  return n <= SMALL ? 1 << (31 - Math.clz32(n - 1)) : 2 ** Math.ceil(Math.log2(n) - 1);
}

/** log2(n) when `n` is a power of two, else -1. */
function levelOf(n: number): number {
  if (n < SMALL) return (n & (n - 1)) === 0 ? 31 - Math.clz32(n) : -1;
  return Number.isInteger(Math.log2(n)) ? Math.log2(n) : -1;
}

/** A path being written: up to 64 nodes of 8 words (one per tree, reused). */
class PathWriter {
  readonly words = new Uint32Array(64 * 8);
  count = 0;

  /** Starts a new path. */
  reset(): PathWriter {
    this.count = 0;
    return this;
  }

  /** The nodes written, as one flat array (8 words a node). */
  done(): Uint32Array {
    return this.words.slice(0, this.count * 8);
  }
}

/** An append-only RFC 9162 Merkle tree whose leaf inputs live in a {@linkcode HashColumn}. */
export class MerkleTree {
  readonly #leaves: HashColumn;
  readonly #levels: HashColumn[] = [];
  readonly #frontier: Uint32Array[] = [];
  readonly #edges = new Lru<number | string, Uint32Array>(4096);
  readonly #scratch = new Uint32Array(8);
  readonly #writer = new PathWriter();
  readonly #pair = Array.from(
    { length: STORED_FROM },
    () => [new Uint32Array(8), new Uint32Array(8)],
  );
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
    leafWords(this.#leaves.chunk(idx), cur, this.#leaves.offset(idx));
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

  /** The leaf hash of leaf `m` (0-based), as 8 words. */
  leafWords(m: number): Uint32Array {
    if (!(Number.isSafeInteger(m) && m >= 0 && m < this.#size)) {
      throw new RangeError(`no leaf ${m}`);
    }
    const out = new Uint32Array(8);
    this.#nodeInto(0, m, out);
    return out;
  }

  /**
   * RFC 9162 audit path of leaf `m` (0-based) in the tree of size `n`, deepest first (8 words a
   * node).
   */
  inclusionWords(m: number, n: number): Uint32Array {
    this.#check(n);
    if (!(Number.isSafeInteger(m) && m >= 0 && m < n)) {
      throw new RangeError(`leaf ${m} is not in a tree of size ${n}`);
    }
    const out = this.#writer.reset();
    this.#path(m, 0, n, out);
    return out.done();
  }

  /**
   * RFC 9162 consistency path from the tree of size `m` to size `n` (0 < m <= n), 8 words a node.
   */
  consistencyWords(m: number, n: number): Uint32Array {
    this.#check(n);
    if (!(Number.isSafeInteger(m) && m > 0 && m <= n)) {
      throw new RangeError(`no consistency path from ${m} to ${n}`);
    }
    const out = this.#writer.reset();
    this.#subproof(m, 0, n, true, out);
    return out.done();
  }

  /** {@linkcode inclusionWords} as hex strings. */
  inclusionPath(m: number, n: number): string[] {
    return hexList(this.inclusionWords(m, n));
  }

  /** {@linkcode consistencyWords} as hex strings. */
  consistencyPath(m: number, n: number): string[] {
    return hexList(this.consistencyWords(m, n));
  }

  #check(n: number): void {
    if (!(Number.isSafeInteger(n) && n >= 0 && n <= this.#size)) {
      throw new RangeError(`the tree has ${this.#size} leaves, not ${n}`);
    }
  }

  #path(m: number, start: number, n: number, out: PathWriter): void {
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      this.#path(m, start, k, out);
      this.#write(start + k, n - k, out);
    } else {
      this.#path(m - k, start + k, n - k, out);
      this.#write(start, k, out);
    }
  }

  #subproof(m: number, start: number, n: number, whole: boolean, out: PathWriter): void {
    if (m === n) {
      if (!whole) this.#write(start, n, out);
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      this.#subproof(m, start, k, whole, out);
      this.#write(start + k, n - k, out);
    } else {
      this.#subproof(m - k, start + k, n - k, false, out);
      this.#write(start, k, out);
    }
  }

  /** Writes MTH of leaves [start, start + n) as the next node of `out`, without allocating. */
  #write(start: number, n: number, out: PathWriter): void {
    const at = out.count++ * 8;
    const level = levelOf(n);
    if (level < 0) {
      out.words.set(this.#subtree(start, n), at);
    } else if (level >= STORED_FROM) {
      const column = this.#levels[level];
      const j = start / n;
      const from = column.offset(j);
      out.words.set(column.chunk(j).subarray(from, from + 8), at);
    } else {
      this.#nodeInto(level, start / n, out.words.subarray(at, at + 8));
    }
  }

  /** MTH of leaves [start, start + n), n >= 1; start is a multiple of the subtree's width. */
  #subtree(start: number, n: number): Uint32Array {
    const level = levelOf(n);
    if (level >= 0) {
      if (level >= STORED_FROM) return this.#levels[level].get(start / n);
      const out = new Uint32Array(8);
      this.#nodeInto(level, start / n, out);
      return out;
    }
    const key = start < EDGE_KEY && n < EDGE_KEY ? start * EDGE_KEY + n : `${start}:${n}`;
    return this.#edges.get(key, () => {
      const k = splitPoint(n);
      const out = new Uint32Array(8);
      nodeWords(this.#subtree(start, k), this.#subtree(start + k, n - k), out);
      return out;
    });
  }

  /** Computes the complete subtree at level `h` (< STORED_FROM), index `j`, into `out`. */
  #nodeInto(h: number, j: number, out: Uint32Array): void {
    if (h === 0) {
      leafWords(this.#leaves.chunk(j), out, this.#leaves.offset(j));
      return;
    }
    const [left, right] = this.#pair[h];
    this.#nodeInto(h - 1, 2 * j, left);
    this.#nodeInto(h - 1, 2 * j + 1, right);
    nodeWords(left, right, out);
  }
}

/** Hex strings of a flat array of 8-word hashes. */
export function hexList(words: Uint32Array): string[] {
  return Array.from({ length: words.length / 8 }, (_, k) => hexOfWords(words, 8 * k));
}
