/**
 * Leaves hashed by a worker, appended to a {@linkcode MerkleFrontier} a subtree at a time: a run
 * of consecutive leaves of one block is kept as a range and, when the root is needed or the run
 * ends, added as the block's aligned subtrees (a few node hashes on the calling thread instead of
 * one per leaf). A run that does not start where the block's tree is aligned with the frontier
 * (the first block of a window restored from a proof) is appended leaf by leaf.
 *
 * @module
 */
import type { HashedBlock } from "./_hash_jobs.ts";
import { appendSubtree, type MerkleFrontier } from "./merkle.ts";

/** A run of leaves not yet added to their frontier. */
export class DeferredLeaves {
  #frontier: MerkleFrontier | undefined;
  #block: HashedBlock | undefined;
  #from = 0;
  #to = 0;

  /**
   * Appends leaf `i` of `block` (its `leafOk` checked by the caller) to `frontier`.
   *
   * @param frontier The tree of the records so far.
   * @param block The worker's answer holding the leaf.
   * @param i The record's index in the block.
   */
  add(frontier: MerkleFrontier, block: HashedBlock, i: number): void {
    if (this.#block === block && this.#frontier === frontier && i === this.#to) {
      this.#to++;
      return;
    }
    this.flush();
    if (block.alignedAt(i, frontier.size)) {
      this.#frontier = frontier;
      this.#block = block;
      this.#from = i;
      this.#to = i + 1;
    } else {
      this.#frontier = this.#block = undefined;
      frontier.append(block.node(0, i));
    }
  }

  /** Adds the run to its frontier: greedily, the largest aligned subtree that fits next. */
  flush(): void {
    const frontier = this.#frontier;
    const block = this.#block;
    if (frontier === undefined || block === undefined) return;
    let q = this.#from;
    while (q < this.#to) {
      let k = 0;
      while (q % 2 ** (k + 1) === 0 && q + 2 ** (k + 1) <= this.#to) k++;
      appendSubtree(frontier, k, block.node(k, q / 2 ** k));
      q += 2 ** k;
    }
    this.#from = this.#to;
  }
}
