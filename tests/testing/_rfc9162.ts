/**
 * RFC 9162 section 2.1, written out naively from the RFC's recursive definitions, to check the
 * stand-in's tree, proofs and roots against (no code shared with `testing/` or `evidence/`).
 */
import { createHash } from "node:crypto";

const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
export const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
export const unhex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));
const largestPow2Below = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);

export const leafHash = (input: Uint8Array) => sha256(Uint8Array.of(0), input);
export const nodeHash = (l: Uint8Array, r: Uint8Array) => sha256(Uint8Array.of(1), l, r);

/** MTH(D[n]) over leaf inputs. */
export function mth(d: Uint8Array[]): Uint8Array {
  if (d.length === 0) return sha256();
  if (d.length === 1) return leafHash(d[0]);
  const k = largestPow2Below(d.length);
  return nodeHash(mth(d.slice(0, k)), mth(d.slice(k)));
}

/** PATH(m, D[n]). */
export function path(m: number, d: Uint8Array[]): Uint8Array[] {
  if (d.length <= 1) return [];
  const k = largestPow2Below(d.length);
  return m < k
    ? [...path(m, d.slice(0, k)), mth(d.slice(k))]
    : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
export function proof(m: number, d: Uint8Array[], b = true): Uint8Array[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = largestPow2Below(d.length);
  return m <= k
    ? [...proof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...proof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

/** RFC 9162 2.1.3.2: verifies an inclusion proof. */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  auditPath: Uint8Array[],
  root: Uint8Array,
): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of auditPath) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else r = nodeHash(r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && hex(r) === hex(root);
}

/** RFC 9162 2.1.4.2: verifies a consistency proof between two roots. */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  consistencyPath: Uint8Array[],
): boolean {
  if (first > second) return false;
  if (first === second) return consistencyPath.length === 0 && hex(firstRoot) === hex(secondRoot);
  if (consistencyPath.length === 0) return false;
  let p = consistencyPath;
  if (Number.isInteger(Math.log2(first))) p = [firstRoot, ...p];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = p[0];
  let sr = p[0];
  for (const c of p.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else sr = nodeHash(sr, c);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && hex(fr) === hex(firstRoot) && hex(sr) === hex(secondRoot);
}
