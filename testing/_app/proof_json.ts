/**
 * Proof answers written straight to JSON bytes: the path's words become hex characters in one
 * buffer, with no string per node (turning words into strings was most of a proof's cost).
 *
 * @module
 */

const HEX = new TextEncoder().encode("0123456789abcdef");

/** JSON bytes of `{ ...fields, <pathName>: [hex, ...] }` where `hashes` holds 8 words a hash. */
export function proofJson(
  fields: Record<string, number | string>,
  pathName: string,
  hashes: Uint32Array,
): Uint8Array {
  const head = new TextEncoder().encode(`${JSON.stringify(fields).slice(0, -1)},"${pathName}":[`);
  const nodes = hashes.length / 8;
  const out = new Uint8Array(head.length + nodes * 67 + 2);
  out.set(head);
  let at = head.length;
  for (let k = 0; k < nodes; k++) {
    if (k > 0) out[at++] = 44; // ,
    out[at++] = 34; // "
    for (let j = 8 * k; j < 8 * k + 8; j++) {
      const w = hashes[j];
      for (let shift = 28; shift >= 0; shift -= 4) out[at++] = HEX[(w >>> shift) & 15];
    }
    out[at++] = 34;
  }
  out[at++] = 93; // ]
  out[at++] = 125; // }
  return out.subarray(0, at);
}
