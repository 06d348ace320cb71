/**
 * The digest pass: each digest's format (a signed tree head this SDK can read), range and count,
 * its place after the digest before it, its head and times against the records, its root against
 * the root recomputed from the records, two heads of one size with different roots (a split view),
 * and its signature.
 *
 * @module
 */
import { clip } from "./_failures.ts";
import { checkSignature } from "./_check_signature.ts";
import { type DigestResult, isJson, type Json, positive, type TrailCheck } from "./_trail_check.ts";

const HEX64 = /^[0-9a-f]{64}$/;

/** Format, range and count; false when the digest cannot be read as a tree head at all. */
function checkFormat(check: TrailCheck, d: DigestResult): boolean {
  const { digest, id } = d;
  const where = { digest_id: id };
  if (digest.hash_algorithm !== "sha256" || digest.signature_algorithm !== "ed25519") {
    const algorithms = `${clip(digest.hash_algorithm)}/${clip(digest.signature_algorithm)}`;
    check.log.add("unverifiable", `digest ${id} uses ${algorithms}, not sha256/ed25519`, where);
    return false;
  }
  if (d.treeSize === undefined || d.root === undefined) {
    const what = "has no tree_size and root_hash (not a Merkle tree head)";
    check.log.add("unverifiable", `digest ${id} ${what}`, where);
    return false;
  }
  const first = positive(digest.first_seq);
  const last = positive(digest.last_seq);
  if (first === undefined || last === undefined || last < first) {
    const range = `${clip(digest.first_seq)}-${clip(digest.last_seq)}`;
    check.log.add("invalid_range", `digest ${id} has an invalid range ${range}`, where);
  } else if (digest.record_count !== last - first + 1) {
    const count = `claims ${clip(digest.record_count)} records for ${first}-${last}`;
    check.log.add("record_count_mismatch", `digest ${id} ${count}`, where);
  }
  if (last !== undefined && d.treeSize !== last) {
    const message = `digest ${id} has tree_size ${d.treeSize} but ends at record ${last}`;
    check.log.add("tree_size_mismatch", message, where);
  }
  return true;
}

/** Contiguity with the digest before it in the list. */
function checkChaining(check: TrailCheck, prev: DigestResult | undefined, d: DigestResult): void {
  const { digest, id } = d;
  const where = { digest_id: id };
  if (prev === undefined) {
    if (digest.first_seq === 1 && digest.prev_digest_id !== null) {
      check.log.add(
        "prev_digest_mismatch",
        `digest ${id} is the first but names a previous one`,
        where,
      );
    }
    return;
  }
  const end = prev.digest.last_seq as number;
  if (digest.first_seq !== end + 1) {
    const code = (digest.first_seq as number) <= end ? "digest_overlap" : "digest_gap";
    const message = `digest ${id} starts at ${
      clip(digest.first_seq)
    } after ${prev.id} ended at ${end}`;
    check.log.add(code, message, where);
  }
  if (digest.prev_digest_id !== prev.digest.digest_id) {
    check.log.add("prev_digest_mismatch", `digest ${id} does not name ${prev.id} before it`, where);
  }
}

/** Head hash, times and root against the records. */
function checkAgainstRecords(check: TrailCheck, d: DigestResult): void {
  const { digest, id } = d;
  const where = { digest_id: id };
  const head = check.recordAt(digest.last_seq as number);
  if (head !== undefined) {
    if (head.hash !== digest.head_hash) {
      check.log.add(
        "head_hash_mismatch",
        `digest ${id}'s head_hash is not record ${head.seq}'s hash`,
        where,
      );
    }
    if (head.created_at !== digest.end_time) {
      check.log.add(
        "time_mismatch",
        `digest ${id}'s end_time is not record ${head.seq}'s time`,
        where,
      );
    }
  }
  const first = check.recordAt(digest.first_seq as number);
  if (first !== undefined && first.created_at !== digest.start_time) {
    check.log.add(
      "time_mismatch",
      `digest ${id}'s start_time is not record ${first.seq}'s time`,
      where,
    );
  }
  const recomputed = check.roots.get(d.treeSize!);
  if (recomputed === undefined) return;
  if (recomputed === d.root) d.bound = true;
  else {
    const message = `digest ${id}'s root_hash is not the Merkle root of records 1-${d.treeSize}`;
    check.log.add("root_hash_mismatch", message, where);
  }
}

/**
 * Checks every digest; returns what was found for each, in the order given.
 *
 * @param check The shared state.
 * @param digests The digests as given.
 */
export function checkDigests(check: TrailCheck, digests: readonly unknown[]): DigestResult[] {
  const out: DigestResult[] = [];
  const bySize = new Map<number, DigestResult>();
  let prev: DigestResult | undefined;
  for (let i = 0; i < digests.length; i++) {
    const digest = digests[i];
    if (!isJson(digest)) {
      check.log.add("malformed_digest", `digest #${i + 1} is not an object`);
      continue;
    }
    const before = check.log.count;
    const root = typeof digest.root_hash === "string" && HEX64.test(digest.root_hash)
      ? digest.root_hash
      : undefined;
    const d: DigestResult = {
      digest: digest as Json,
      id: clip(digest.digest_id),
      treeSize: positive(digest.tree_size),
      root,
      signed: false,
      bound: false,
      clean: false,
    };
    out.push(d);
    if (!checkFormat(check, d)) continue;
    checkChaining(check, prev, d);
    checkAgainstRecords(check, d);
    const twin = bySize.get(d.treeSize!);
    if (twin !== undefined && twin.root !== d.root) {
      const message =
        `digests ${twin.id} and ${d.id} sign different roots for ${d.treeSize} records`;
      check.log.add("split_view", message, { digest_id: d.id, other_digest_id: twin.id });
    } else bySize.set(d.treeSize!, d);
    d.signed = checkSignature(check, d);
    d.clean = check.log.count === before;
    prev = d;
  }
  return out;
}
