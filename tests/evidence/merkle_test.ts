import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { sha256Bytes } from "../../evidence/_sha256.ts";
import { MerkleFrontier, merkleLeafHash, merkleRoot } from "../../evidence/merkle.ts";
import {
  consistencyProofFailure,
  inclusionProofFailure,
  inclusionProofLength,
} from "../../evidence/_merkle_proof.ts";
import { leafHash, leaves, mth, node, path, proof } from "./_rfc9162.ts";

const SIZES = [...Array.from({ length: 21 }, (_, i) => i), 31, 32, 33, 63, 64, 65];

/** Every copy of `list` with one bit of one element flipped. */
function* bitFlips(list: readonly Uint8Array[]): Generator<Uint8Array[]> {
  for (let i = 0; i < list.length; i++) {
    for (let bit = 0; bit < list[i].length * 8; bit++) {
      const copy = list.map((x) => x.slice());
      copy[i][bit >> 3] ^= 1 << (bit & 7);
      yield copy;
    }
  }
}

/** The path truncated and extended in every simple way. */
function misshapen(list: readonly Uint8Array[], extra: Uint8Array): Uint8Array[][] {
  const out = [[...list, extra], [extra, ...list], [...list, ...list.slice(-1)]];
  if (list.length > 0) out.push(list.slice(1), list.slice(0, -1), list.slice().reverse());
  return out.filter((l) => l.length !== list.length || l.some((x, i) => x !== list[i]));
}

describe("Merkle roots", () => {
  it("equal RFC 9162's recursive MTH for every size from 0 to 20 and at powers of two", () => {
    for (const n of SIZES) {
      const d = leaves(n);
      assert.deepEqual(merkleRoot(d), mth(d), `size ${n}`);
    }
  });

  it("are the same when read from a frontier after every append", () => {
    const d = leaves(70);
    const frontier = new MerkleFrontier();
    assert.deepEqual(new Uint8Array(frontier.root()), mth([]));
    for (let n = 1; n <= d.length; n++) {
      frontier.append(merkleLeafHash(d[n - 1]));
      assert.equal(frontier.size, n);
      assert.deepEqual(new Uint8Array(frontier.root()), mth(d.slice(0, n)), `size ${n}`);
    }
  });

  it("continue correctly from a frontier restored from the last leaf's audit path", () => {
    const d = leaves(45);
    for (let m = 1; m <= 40; m++) {
      const frontier = MerkleFrontier.fromRightEdge(
        m,
        leafHash(d[m - 1]),
        path(m - 1, d.slice(0, m)),
      );
      assert.ok(frontier, `size ${m}`);
      assert.deepEqual(new Uint8Array(frontier.root()), mth(d.slice(0, m)));
      for (let n = m + 1; n <= d.length; n++) {
        frontier.append(leafHash(d[n - 1]));
        assert.deepEqual(new Uint8Array(frontier.root()), mth(d.slice(0, n)), `${m} then ${n}`);
      }
      const p = path(m - 1, d.slice(0, m));
      assert.equal(
        MerkleFrontier.fromRightEdge(m, leafHash(d[m - 1]), [...p, p[0] ?? d[0]]),
        undefined,
      );
    }
  });
});

describe("inclusion proofs", () => {
  it("verify for every leaf of every tree up to 20 leaves and around powers of two", () => {
    for (const n of SIZES.filter((n) => n > 0)) {
      const d = leaves(n);
      const root = mth(d);
      for (let m = 0; m < n; m++) {
        assert.equal(inclusionProofFailure(leafHash(d[m]), m, n, path(m, d), root), undefined);
      }
    }
  });

  it("fail when any bit of any hash of the path, the leaf or the root is flipped", () => {
    let checked = 0;
    for (const n of SIZES.filter((n) => n > 0 && n <= 20)) {
      const d = leaves(n);
      const root = mth(d);
      for (let m = 0; m < n; m++) {
        const p = path(m, d);
        const leaf = leafHash(d[m]);
        for (const flipped of bitFlips(p)) {
          assert.notEqual(inclusionProofFailure(leaf, m, n, flipped, root), undefined);
          checked++;
        }
        for (const [l] of bitFlips([leaf])) {
          assert.notEqual(inclusionProofFailure(l, m, n, p, root), undefined);
        }
        for (const [r] of bitFlips([root])) {
          assert.notEqual(inclusionProofFailure(leaf, m, n, p, r), undefined);
        }
      }
    }
    assert.ok(checked > 40_000, `${checked} flipped paths`);
  });

  it("fail when the path is truncated, extended or reordered, or the index or size is wrong", () => {
    for (const n of SIZES.filter((n) => n > 0)) {
      const d = leaves(n);
      const root = mth(d);
      for (let m = 0; m < n; m++) {
        const p = path(m, d);
        const leaf = leafHash(d[m]);
        for (const bad of misshapen(p, root)) {
          assert.notEqual(inclusionProofFailure(leaf, m, n, bad, root), undefined, `${m} of ${n}`);
        }
        for (const [i, s] of [[m + 1, n], [m - 1, n], [m, n + 1], [m, n - 1], [m, 2 * n], [n, n]]) {
          // A size whose audit path has the same shape gives the same root: only the signed
          // tree head binds the size, so only a change of shape can be caught here.
          if (s === n || s <= m || inclusionProofLength(i, s) !== p.length) {
            assert.notEqual(inclusionProofFailure(leaf, i, s, p, root), undefined, `${i} of ${s}`);
          }
        }
      }
    }
  });

  it("handle sizes past 2^32 without 32-bit truncation", () => {
    const left = leafHash(Uint8Array.of(1)); // stands for the root of the first 2^32 leaves
    const leaf = leafHash(Uint8Array.of(2));
    const root = node(left, leaf); // the tree of 2^32 + 1 leaves
    const n = 2 ** 32 + 1;
    assert.equal(inclusionProofFailure(leaf, 2 ** 32, n, [left], root), undefined);
    assert.notEqual(inclusionProofFailure(leaf, 0, n, [left], root), undefined);
    assert.equal(consistencyProofFailure(2 ** 32, n, [leaf], left, root), undefined);
    assert.notEqual(consistencyProofFailure(2 ** 32, 2 ** 33 + 1, [leaf], left, root), undefined);
  });
});

describe("consistency proofs", () => {
  it("verify between every pair of sizes up to 20 and around powers of two", () => {
    const d = leaves(65);
    const roots = Array.from({ length: 66 }, (_, n) => mth(d.slice(0, n)));
    for (const n of SIZES) {
      for (let m = 0; m <= n; m++) {
        const p = m === 0 || m === n ? [] : proof(m, d.slice(0, n));
        assert.equal(consistencyProofFailure(m, n, p, roots[m], roots[n]), undefined, `${m}->${n}`);
      }
    }
  });

  it("fail when any bit is flipped, the path is misshapen, or a size or root is wrong", () => {
    const d = leaves(21);
    const roots = Array.from({ length: 22 }, (_, n) => mth(d.slice(0, n)));
    let checked = 0;
    for (let n = 2; n <= 20; n++) {
      for (let m = 1; m < n; m++) {
        const p = proof(m, d.slice(0, n));
        const fails = (pp: Uint8Array[], a = m, b = n, ra = roots[m], rb = roots[n]) =>
          assert.notEqual(consistencyProofFailure(a, b, pp, ra, rb), undefined, `${a}->${b}`);
        for (const flipped of bitFlips(p)) {
          fails(flipped);
          checked++;
        }
        for (const bad of misshapen(p, roots[n])) fails(bad);
        for (const [r] of bitFlips([roots[m]])) fails(p, m, n, r);
        fails(p, m, n, roots[m], roots[n - 1]);
        fails(p, m, n, roots[n], roots[m]);
        if (m + 1 < n) fails(p, m + 1, n, roots[m + 1], roots[n]);
        fails(p, m, n + 1, roots[m], roots[n + 1]);
        fails(p, n, m, roots[n], roots[m]);
      }
    }
    assert.ok(checked > 20_000, `${checked} flipped paths`);
  });

  it("require an empty proof and equal roots for equal sizes, and the empty root for size 0", () => {
    const d = leaves(5);
    assert.equal(consistencyProofFailure(5, 5, [], mth(d), mth(d)), undefined);
    assert.match(consistencyProofFailure(5, 5, [], mth(d), mth(d.slice(0, 4)))!, /different roots/);
    assert.match(consistencyProofFailure(5, 5, [mth(d)], mth(d), mth(d))!, /must be empty/);
    assert.equal(consistencyProofFailure(0, 5, [], mth([]), mth(d)), undefined);
    assert.notEqual(consistencyProofFailure(0, 5, [], mth(d), mth(d)), undefined);
    assert.notEqual(consistencyProofFailure(-1, 5, [], mth([]), mth(d)), undefined);
    assert.notEqual(consistencyProofFailure(1.5, 5, [], mth([]), mth(d)), undefined);
  });
});

describe("the calling thread's SHA-256 (the runtime's fastest crypto.hash output)", () => {
  it("equals createHash for every length from 0 to 200 and returns bytes the caller may keep", () => {
    const inputs = Array.from({ length: 201 }, (_, length) => randomBytes(length));
    const kept = inputs.map((data) => sha256Bytes(data));
    inputs.forEach((data, i) => {
      const expected = new Uint8Array(createHash("sha256").update(data).digest());
      assert.deepEqual(new Uint8Array(kept[i]), expected, `length ${i}`);
    });
  });
});
