/**
 * RFC 9162 section 2.1 Merkle trees, exactly: leaf hash `SHA-256(0x00 || leaf)`, node hash
 * `SHA-256(0x01 || left || right)`, the empty tree `SHA-256()`; a streaming root in O(log n) memory;
 * verification of inclusion proofs (audit paths, section 2.1.3.2) and consistency proofs (section
 * 2.1.4.2). Synchronous (`node:crypto`). Sizes and indices are safe integers, so no bit operator
 * (32-bit in JavaScript) touches them.
 *
 * @module
 */
import * as nodeCrypto from "node:crypto";
import { hexInto } from "./_bytes.ts";
import { sha256Bytes } from "./_sha256.ts";

const { createHash } = nodeCrypto;
// The input of one leaf or node hash, reused: sha256Bytes returns fresh bytes.
const scratch = new Uint8Array(65);

/**
 * The RFC 9162 hash of a leaf: SHA-256 of `0x00` followed by the leaf's bytes.
 *
 * @param leaf The leaf input (for a trail record: the 32 raw bytes of its `hash`).
 * @returns The 32-byte leaf hash.
 *
 * @example Hash a leaf
 * ```ts
 * import assert from "node:assert/strict";
 * import { createHash } from "node:crypto";
 * import { merkleLeafHash } from "@keeptrusts/client/evidence";
 *
 * const leaf = new Uint8Array(32);
 * const expected = createHash("sha256").update(Uint8Array.of(0)).update(leaf).digest();
 * assert.deepEqual(merkleLeafHash(leaf), new Uint8Array(expected));
 * ```
 */
export function merkleLeafHash(leaf: Uint8Array): Uint8Array {
  const input = leaf.length === 32 ? scratch.subarray(0, 33) : new Uint8Array(leaf.length + 1);
  input[0] = 0;
  input.set(leaf, 1);
  return sha256Bytes(input);
}

/** `SHA-256(0x01 || left || right)` of two 32-byte hashes. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== 32 || right.length !== 32) {
    return createHash("sha256").update(Uint8Array.of(1)).update(left).update(right).digest();
  }
  scratch[0] = 1;
  scratch.set(left, 1);
  scratch.set(right, 33);
  return sha256Bytes(scratch);
}

/**
 * The leaf hash of a trail record: `SHA-256(0x00 || the 32 bytes of its hex hash)`, or `undefined`
 * when the text is not 64 lowercase hex characters.
 */
export function recordLeafHash(hash: unknown): Uint8Array | undefined {
  scratch[0] = 0;
  return hexInto(hash, scratch, 1, 32) ? sha256Bytes(scratch.subarray(0, 33)) : undefined;
}

/** The root of the tree of size 0: SHA-256 of nothing. */
export function emptyRoot(): Uint8Array {
  return createHash("sha256").digest();
}

/**
 * Appends a perfect subtree of `2^height` leaves, given by its root, to a frontier whose size is a
 * multiple of `2^height` (so the subtree is aligned, as in the tree of all the leaves): what
 * appending its leaves one by one would give, with one node hash per level merged. For the
 * parallel verifier, whose workers hash aligned blocks of leaves. Not part of the public API.
 */
export let appendSubtree: (frontier: MerkleFrontier, height: number, root: Uint8Array) => void;

/**
 * The right edge of a growing Merkle tree (a compact range from leaf 0): one subtree root per set
 * bit of the size, so appending is O(1) amortised and memory is O(log n). 10^7 leaves stream through
 * in a few hundred bytes.
 *
 * @example The root of three leaves
 * ```ts
 * import assert from "node:assert/strict";
 * import { MerkleFrontier, merkleLeafHash } from "@keeptrusts/client/evidence";
 *
 * const frontier = new MerkleFrontier();
 * for (const byte of [1, 2, 3]) frontier.append(merkleLeafHash(Uint8Array.of(byte)));
 * assert.equal(frontier.size, 3);
 * assert.equal(frontier.root().length, 32);
 * ```
 */
export class MerkleFrontier {
  #size = 0;
  // Subtree roots, largest (leftmost) first; their sizes are the set bits of #size.
  #roots: Uint8Array[] = [];

  static {
    appendSubtree = (frontier, height, root) => {
      const leaves = 2 ** height;
      let size = frontier.#size / leaves;
      if (!Number.isSafeInteger(size)) throw new RangeError("The subtree is not aligned");
      let hash = root;
      while (size % 2 === 1) {
        hash = nodeHash(frontier.#roots.pop()!, hash);
        size = Math.floor(size / 2);
      }
      frontier.#roots.push(hash);
      frontier.#size += leaves;
    };
  }

  /** Number of leaves appended so far (or the size the frontier was restored at). */
  get size(): number {
    return this.#size;
  }

  /**
   * Appends a leaf by its leaf hash.
   *
   * @param leafHash The 32-byte {@linkcode merkleLeafHash} of the leaf.
   */
  append(leafHash: Uint8Array): void {
    let hash = leafHash;
    let size = this.#size;
    while (size % 2 === 1) {
      hash = nodeHash(this.#roots.pop()!, hash);
      size = Math.floor(size / 2);
    }
    this.#roots.push(hash);
    this.#size++;
  }

  /**
   * The RFC 9162 root of the leaves so far (`SHA-256()` for none). O(log n).
   *
   * @returns The 32-byte root hash.
   */
  root(): Uint8Array {
    const roots = this.#roots;
    if (roots.length === 0) return emptyRoot();
    let hash = roots[roots.length - 1];
    for (let i = roots.length - 2; i >= 0; i--) hash = nodeHash(roots[i], hash);
    return hash;
  }

  /**
   * The frontier of a tree of `size` leaves, restored from the inclusion proof of its last leaf
   * (the audit path of leaf `size - 1` in the tree of that size holds every subtree root left of
   * it). The result is not checked against a root here: append the following leaves and compare a
   * later root with a signed one, which binds it.
   *
   * @param size The tree size (> 0).
   * @param lastLeafHash The leaf hash of leaf `size - 1`.
   * @param auditPath Its audit path in the tree of `size` leaves.
   * @returns The frontier, or `undefined` when the path has the wrong length for that size.
   *
   * @example Continue a tree from a proof
   * ```ts
   * import assert from "node:assert/strict";
   * import { MerkleFrontier, merkleLeafHash } from "@keeptrusts/client/evidence";
   *
   * const leaves = [1, 2, 3, 4, 5].map((b) => merkleLeafHash(Uint8Array.of(b)));
   * const full = new MerkleFrontier();
   * for (const leaf of leaves) full.append(leaf);
   * // The audit path of leaf 2 in the tree of 3: [leaf hash of 1, ... ] computed by hand here.
   * const three = new MerkleFrontier();
   * for (const leaf of leaves.slice(0, 2)) three.append(leaf);
   * const restored = MerkleFrontier.fromRightEdge(3, leaves[2], [three.root()])!;
   * restored.append(leaves[3]);
   * restored.append(leaves[4]);
   * assert.deepEqual(restored.root(), full.root());
   * ```
   */
  static fromRightEdge(
    size: number,
    lastLeafHash: Uint8Array,
    auditPath: readonly Uint8Array[],
  ): MerkleFrontier | undefined {
    if (!Number.isSafeInteger(size) || size < 1) return undefined;
    const bits = setBits(size); // subtree sizes' exponents, largest first
    const inner = bits[bits.length - 1]; // the last leaf's subtree has 2^inner leaves
    if (auditPath.length !== inner + bits.length - 1) return undefined;
    let hash = lastLeafHash;
    for (let i = 0; i < inner; i++) hash = nodeHash(auditPath[i], hash);
    const frontier = new MerkleFrontier();
    // The remaining path holds the roots to the left, smallest first.
    for (let i = auditPath.length - 1; i >= inner; i--) frontier.#roots.push(auditPath[i]);
    frontier.#roots.push(hash);
    frontier.#size = size;
    return frontier;
  }
}

/** Exponents of the set bits of `n`, largest first. */
function setBits(n: number): number[] {
  const out: number[] = [];
  for (let e = 0; n > 0; e++, n = Math.floor(n / 2)) if (n % 2 === 1) out.unshift(e);
  return out;
}

/**
 * The RFC 9162 root of a list of leaf inputs, streamed in O(log n) memory.
 *
 * @param leaves Leaf inputs (not hashes), in order.
 * @returns The 32-byte root hash (`SHA-256()` for no leaves).
 *
 * @example The empty tree and a one-leaf tree
 * ```ts
 * import assert from "node:assert/strict";
 * import { createHash } from "node:crypto";
 * import { merkleLeafHash, merkleRoot } from "@keeptrusts/client/evidence";
 *
 * assert.deepEqual(merkleRoot([]), new Uint8Array(createHash("sha256").digest()));
 * assert.deepEqual(merkleRoot([Uint8Array.of(7)]), merkleLeafHash(Uint8Array.of(7)));
 * ```
 */
export function merkleRoot(leaves: Iterable<Uint8Array>): Uint8Array {
  const frontier = new MerkleFrontier();
  for (const leaf of leaves) frontier.append(merkleLeafHash(leaf));
  return new Uint8Array(frontier.root());
}
