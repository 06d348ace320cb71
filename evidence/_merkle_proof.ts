/**
 * RFC 9162 proof verification: inclusion proofs (audit paths, section 2.1.3.2) and consistency
 * proofs (section 2.1.4.2), with the proof length checked against the tree sizes first (as
 * transparency-dev/merkle does), so a truncated or extended path is named as such.
 *
 * @module
 */
import { sameBytes } from "./_bytes.ts";
import { emptyRoot, nodeHash } from "./merkle.ts";

const isHalf = (n: number) => n % 2 === 0;
const half = (n: number) => Math.floor(n / 2);

const ones = (n: bigint) => n.toString(2).replaceAll("0", "").length;
const bitLength = (n: bigint) => (n === 0n ? 0 : n.toString(2).length);

/** RFC 9162's split of a leaf's audit path: hashes inside its subtree, and border hashes. */
function decompose(index: number, size: number): [inner: number, border: number] {
  const i = BigInt(index);
  const inner = bitLength(i ^ BigInt(size - 1));
  return [inner, ones(i >> BigInt(inner))];
}

/** Number of hashes in the inclusion proof of leaf `index` in a tree of `size` leaves. */
export function inclusionProofLength(index: number, size: number): number {
  const [inner, border] = decompose(index, size);
  return inner + border;
}

/** Number of hashes in the consistency proof from `size1` to `size2` leaves (0 < size1 < size2). */
export function consistencyProofLength(size1: number, size2: number): number {
  const [inner, border] = decompose(size1 - 1, size2);
  const shift = bitLength(BigInt(size1) & -BigInt(size1)) - 1; // trailing zeros of size1
  const seeded = ones(BigInt(size1)) === 1; // a power of two: the older root is the seed
  return (seeded ? 0 : 1) + inner - shift + border;
}

function checkSize(name: string, value: number): string | undefined {
  return Number.isSafeInteger(value) && value >= 0 ? undefined : `${name} is not a tree size`;
}

/**
 * Why an inclusion proof does not hold, or `undefined` when it does: leaf `index` with leaf hash
 * `leafHash` is in the tree of `size` leaves whose root is `root`.
 */
export function inclusionProofFailure(
  leafHash: Uint8Array,
  index: number,
  size: number,
  auditPath: readonly Uint8Array[],
  root: Uint8Array,
): string | undefined {
  const bad = checkSize("the tree size", size) ?? checkSize("the leaf index", index);
  if (bad) return bad;
  if (index >= size) return `leaf ${index} is not in a tree of ${size} leaves`;
  const want = inclusionProofLength(index, size);
  if (auditPath.length !== want) {
    return `the audit path has ${auditPath.length} hashes; leaf ${index} of a tree of ${size} needs ${want}`;
  }
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of auditPath) {
    if (sn === 0) return "the audit path is too long";
    if (!isHalf(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (isHalf(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else r = nodeHash(r, p);
    [fn, sn] = [half(fn), half(sn)];
  }
  if (sn !== 0) return "the audit path is too short";
  return sameBytes(r, root) ? undefined : "the audit path does not lead to the root hash";
}

/**
 * Why a consistency proof does not hold, or `undefined` when it does: the tree of `size1` leaves
 * with root `root1` is a prefix of the tree of `size2` leaves with root `root2`.
 */
export function consistencyProofFailure(
  size1: number,
  size2: number,
  path: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): string | undefined {
  const bad = checkSize("the older tree size", size1) ?? checkSize("the newer tree size", size2);
  if (bad) return bad;
  if (size2 < size1) return `the newer tree (${size2}) is smaller than the older one (${size1})`;
  if (size1 === size2) {
    if (path.length !== 0) return "a proof between trees of the same size must be empty";
    return sameBytes(root1, root2) ? undefined : `two trees of size ${size1} have different roots`;
  }
  if (size1 === 0) {
    if (path.length !== 0) return "a proof from the empty tree must be empty";
    return sameBytes(root1, emptyRoot()) ? undefined : "the empty tree's root is not SHA-256()";
  }
  const powerOfTwo = ones(BigInt(size1)) === 1;
  const want = consistencyProofLength(size1, size2);
  if (path.length !== want) {
    return `the consistency path has ${path.length} hashes; ${size1} to ${size2} needs ${want}`;
  }
  const full = powerOfTwo ? [root1, ...path] : path;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (!isHalf(fn)) [fn, sn] = [half(fn), half(sn)];
  let fr = full[0];
  let sr = full[0];
  for (let i = 1; i < full.length; i++) {
    const c = full[i];
    if (sn === 0) return "the consistency path is too long";
    if (!isHalf(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (isHalf(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else sr = nodeHash(sr, c);
    [fn, sn] = [half(fn), half(sn)];
  }
  if (sn !== 0) return "the consistency path is too short";
  if (!sameBytes(fr, root1)) return `the consistency path does not lead to the root of ${size1}`;
  if (!sameBytes(sr, root2)) return `the consistency path does not lead to the root of ${size2}`;
  return undefined;
}
