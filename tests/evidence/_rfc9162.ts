/**
 * RFC 9162 section 2.1 written out as its recursive definitions (MTH, PATH, PROOF/SUBPROOF) over
 * whole lists: slow, obviously correct, and independent of `evidence/merkle.ts`, for brute-force
 * comparison in the tests.
 */
import { createHash } from "node:crypto";

const sha = (...parts: Uint8Array[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

/** Largest power of two strictly smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]). */
export function mth(d: readonly Uint8Array[]): Uint8Array {
  if (d.length === 0) return sha();
  if (d.length === 1) return sha(Uint8Array.of(0), d[0]);
  const k = split(d.length);
  return sha(Uint8Array.of(1), mth(d.slice(0, k)), mth(d.slice(k)));
}

/** PATH(m, D[n]): the audit path of leaf m. */
export function path(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  if (d.length === 1) return [];
  const k = split(d.length);
  return m < k
    ? [...path(m, d.slice(0, k)), mth(d.slice(k))]
    : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}

function subproof(m: number, d: readonly Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = split(d.length);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

/** PROOF(m, D[n]): the consistency proof from size m to size n (0 < m < n). */
export function proof(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  return subproof(m, d, true);
}

/** Leaf hash of a leaf input. */
export function leafHash(leaf: Uint8Array): Uint8Array {
  return sha(Uint8Array.of(0), leaf);
}

/** SHA-256(0x01 || left || right). */
export function node(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha(Uint8Array.of(1), left, right);
}

/** n distinct 32-byte leaf inputs. */
export function leaves(n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => sha(new TextEncoder().encode(`leaf ${i}`)));
}

/** Lowercase hex. */
export const hex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

/** The root an audit path leads to (RFC 9162 section 2.1.3.2), as a forger would recompute it. */
export function rootFromPath(
  leaf: Uint8Array,
  index: number,
  size: number,
  auditPath: readonly Uint8Array[],
): Uint8Array {
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of auditPath) {
    if (fn % 2 === 1 || fn === sn) {
      r = node(p, r);
      while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1];
    } else r = node(r, p);
    [fn, sn] = [fn >> 1, sn >> 1];
  }
  return r;
}

/** Bytes of lowercase hex. */
export const unhex = (text: string): Uint8Array =>
  Uint8Array.from(text.match(/../g) ?? [], (b) => parseInt(b, 16));
