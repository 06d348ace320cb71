import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import {
  auditPath,
  EMPTY_ROOT,
  Frontier,
  leafHash,
  nodeHash,
  verifyInclusion,
} from "../../../scripts/bench/_merkle.ts";

// The Certificate Transparency reference leaves and the roots of their first 0..8 leaves.
const LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657"]
  .concat("606162636465666768696a6b6c6d6e6f").map((h) => Buffer.from(h, "hex"));
const ROOTS = [
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/** MTH by the definition in RFC 9162 section 2.1.1, for comparison. */
function mth(leaves: Buffer[]): string {
  if (leaves.length === 0) return EMPTY_ROOT;
  const go = (d: Buffer[]): Buffer => {
    if (d.length === 1) return d[0];
    let k = 1;
    while (k * 2 < d.length) k *= 2;
    return nodeHash(go(d.slice(0, k)), go(d.slice(k)));
  };
  return go(leaves).toString("hex");
}

describe("the benchmarks' RFC 9162 baseline", () => {
  it("computes the reference roots of the Certificate Transparency test leaves", () => {
    const tree = new Frontier();
    assert.equal(tree.root(), ROOTS[0]);
    LEAVES.forEach((leaf, i) => {
      tree.push(leaf);
      assert.equal(tree.root(), ROOTS[i + 1], `size ${i + 1}`);
    });
  });

  it("agrees with the recursive definition for every size up to 70", () => {
    const inputs = Array.from({ length: 70 }, (_, i) => Buffer.from([i, i * 7 & 255]));
    const tree = new Frontier();
    for (let n = 1; n <= inputs.length; n++) {
      tree.push(inputs[n - 1]);
      assert.equal(tree.root(), mth(inputs.slice(0, n).map(leafHash)), `size ${n}`);
    }
  });

  it("proves every leaf of every tree up to 33 leaves; another leaf, a longer path or a flipped bit fails", () => {
    for (let n = 1; n <= 33; n++) {
      const leaves = Array.from({ length: n }, (_, i) => leafHash(Buffer.from([i])));
      const root = mth(leaves);
      for (let m = 0; m < n; m++) {
        const path = auditPath(leaves, m);
        assert.ok(verifyInclusion(m, n, leaves[m], path, root), `leaf ${m} of ${n}`);
        if (n > 1) assert.equal(verifyInclusion(m, n, leaves[(m + 1) % n], path, root), false);
        assert.equal(verifyInclusion(m, n, leaves[m], [...path, leaves[m]], root), false);
        path.forEach((_, i) => {
          const bad = path.map((q) => Buffer.from(q));
          bad[i][(i * 5) % 32] ^= 1 << (i % 8);
          assert.equal(verifyInclusion(m, n, leaves[m], bad, root), false, `bit in hash ${i}`);
        });
      }
    }
  });
});
