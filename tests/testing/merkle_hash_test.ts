import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { hexOfWords, leafWords, nodeWords, wordsOfHex } from "../../testing/_state/merkle_hash.ts";
import { HashColumn } from "../../testing/_state/hash_column.ts";
import { MerkleTree } from "../../testing/_state/merkle_tree.ts";
import { hex, unhex, verifyConsistency, verifyInclusion } from "./_rfc9162.ts";

// The stand-in's word-level SHA-256 fast path, pinned to node:crypto (the library it replaces).
const sha = (...parts: Uint8Array[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex");
};

describe("the stand-in's Merkle hashing fast path", () => {
  it("gives node:crypto's leaf and node hashes for 20,000 random and edge-case inputs", () => {
    const out = new Uint32Array(8);
    const inputs = [
      new Uint8Array(32),
      new Uint8Array(32).fill(255),
      Uint8Array.from({ length: 32 }, (_, i) => i),
    ];
    for (let i = 0; i < 20_000; i++) inputs.push(new Uint8Array(randomBytes(32)));
    for (let i = 0; i < inputs.length; i++) {
      const a = inputs[i];
      const b = inputs[(i * 7 + 1) % inputs.length];
      leafWords(wordsOfHex(hex(a)), out);
      assert.equal(hexOfWords(out), sha(Uint8Array.of(0), a));
      nodeWords(wordsOfHex(hex(a)), wordsOfHex(hex(b)), out);
      assert.equal(hexOfWords(out), sha(Uint8Array.of(1), a, b));
    }
  });

  it("reads upper- and lower-case hex and writes lower-case hex, word for word", () => {
    const text = "00ff10ab" + "DEADBEEF" + "0123456789abcdef".repeat(3);
    const words = wordsOfHex(text);
    assert.deepEqual([...words.slice(0, 2)], [0x00ff10ab, 0xdeadbeef]);
    assert.equal(hexOfWords(words), text.toLowerCase());
  });
});

describe("the stand-in's hash column and tree at scale", () => {
  const n = 40_000; // past the column's doubling chunks (32,512 hashes) and many tree levels
  const leaves = Array.from({ length: n }, () => new Uint8Array(randomBytes(32)));
  const column = new HashColumn();
  for (const leaf of leaves) column.pushHex(hex(leaf));
  const tree = new MerkleTree(column);
  for (let i = 0; i < n; i++) tree.append();

  // An independent RFC 9162 root over node:crypto: the compact stack of perfect subtrees.
  const roots: string[] = [];
  {
    const stack: Array<{ size: number; hash: Buffer }> = [];
    for (let i = 0; i < n; i++) {
      let top = {
        size: 1,
        hash: createHash("sha256").update(Uint8Array.of(0)).update(leaves[i]).digest(),
      };
      while (stack.length > 0 && stack[stack.length - 1].size === top.size) {
        const left = stack.pop()!;
        top = {
          size: left.size * 2,
          hash: createHash("sha256").update(Uint8Array.of(1)).update(left.hash).update(top.hash)
            .digest(),
        };
      }
      stack.push(top);
      let root = stack[stack.length - 1].hash;
      for (let k = stack.length - 2; k >= 0; k--) {
        root = createHash("sha256").update(Uint8Array.of(1)).update(stack[k].hash).update(root)
          .digest();
      }
      roots.push(root.toString("hex"));
    }
  }

  it("keeps every hash it was given, across chunk boundaries", () => {
    assert.equal(column.length, n);
    for (const i of [0, 255, 256, 767, 768, 32_511, 32_512, 39_999]) {
      assert.equal(column.hex(i), hex(leaves[i]));
    }
  });

  it("has the RFC 9162 root of every prefix of 40,000 leaves", () => {
    for (let size = 1; size <= n; size += size < 600 ? 1 : 97) {
      assert.equal(tree.rootHex(size), roots[size - 1], `${size}`);
    }
    assert.equal(tree.rootHex(n), roots[n - 1]);
  });

  it("serves audit and consistency paths that verify against those roots", () => {
    for (let k = 0; k < 400; k++) {
      const size = 1 + ((k * 7919) % n);
      const m = (k * 104_729) % size;
      const path = tree.inclusionPath(m, size).map(unhex);
      assert.ok(
        verifyInclusion(
          m,
          size,
          unhex(hexOfWords(tree.leafWords(m))),
          path,
          unhex(roots[size - 1]),
        ),
        `${m}/${size}`,
      );
      const first = 1 + ((k * 31) % size);
      const c = tree.consistencyPath(first, size).map(unhex);
      assert.ok(
        verifyConsistency(first, size, unhex(roots[first - 1]), unhex(roots[size - 1]), c),
        `${first}->${size}`,
      );
    }
  });
});
