/**
 * The digest checks: on arrival, its format (a signed tree head this SDK can read), range and
 * count, its place after the digest before it, a twin of the same size with another root (a split
 * view) and its signature; when the records reach it, its start time, head and root against them.
 *
 * @module
 */
import { clip } from "./_failures.ts";
import { checkSignature } from "./_check_signature.ts";
import { type DigestResult, isJson, type Json, positive, type Shared } from "./_trail_check.ts";

const HEX64 = /^[0-9a-f]{64}$/;

/** A digest read for checking, or `undefined` (reported) when it is not a tree head at all. */
function readDigest(shared: Shared, value: unknown, n: number): DigestResult | undefined {
  if (!isJson(value)) {
    shared.log.add("malformed_digest", `digest #${n} is not an object`);
    return undefined;
  }
  const id = clip(value.digest_id);
  const where = { digest_id: id };
  if (value.hash_algorithm !== "sha256" || value.signature_algorithm !== "ed25519") {
    const algorithms = `${clip(value.hash_algorithm)}/${clip(value.signature_algorithm)}`;
    shared.log.add("unverifiable", `digest ${id} uses ${algorithms}, not sha256/ed25519`, where);
    return undefined;
  }
  const treeSize = positive(value.tree_size);
  const root = value.root_hash;
  if (treeSize === undefined || typeof root !== "string" || !HEX64.test(root)) {
    const what = "has no tree_size and root_hash (not a Merkle tree head)";
    shared.log.add("unverifiable", `digest ${id} ${what}`, where);
    return undefined;
  }
  const first = positive(value.first_seq);
  const last = positive(value.last_seq);
  const valid = first !== undefined && last !== undefined && last >= first;
  return {
    digest: value,
    id,
    treeSize,
    root,
    firstSeq: valid ? first : undefined,
    lastSeq: valid ? last : undefined,
    signed: false,
    bound: false,
    clean: true,
  };
}

/** Range, count and tree size. */
function checkRange(shared: Shared, d: DigestResult): void {
  const { digest, id } = d;
  const where = { digest_id: id };
  if (d.firstSeq === undefined || d.lastSeq === undefined) {
    const range = `${clip(digest.first_seq)}-${clip(digest.last_seq)}`;
    shared.log.add("invalid_range", `digest ${id} has an invalid range ${range}`, where);
    return;
  }
  if (digest.record_count !== d.lastSeq - d.firstSeq + 1) {
    const count = `claims ${clip(digest.record_count)} records for ${d.firstSeq}-${d.lastSeq}`;
    shared.log.add("record_count_mismatch", `digest ${id} ${count}`, where);
  }
  if (d.treeSize !== d.lastSeq) {
    const message = `digest ${id} has tree_size ${d.treeSize} but ends at record ${d.lastSeq}`;
    shared.log.add("tree_size_mismatch", message, where);
  }
}

/** Contiguity with the digest before it, and a twin of the same size. */
function checkChaining(shared: Shared, prev: DigestResult | undefined, d: DigestResult): void {
  const { digest, id } = d;
  const where = { digest_id: id };
  if (prev === undefined) {
    if (d.firstSeq === 1 && digest.prev_digest_id !== null) {
      shared.log.add(
        "prev_digest_mismatch",
        `digest ${id} is the first but names one before`,
        where,
      );
    }
    return;
  }
  if (prev.treeSize === d.treeSize && prev.root !== d.root) {
    const message = `digests ${prev.id} and ${id} sign different roots for ${d.treeSize} records`;
    shared.log.add("split_view", message, { digest_id: id, other_digest_id: prev.id });
  }
  const end = prev.lastSeq ?? prev.treeSize;
  if (d.firstSeq !== end + 1) {
    const code = (d.firstSeq ?? 0) <= end ? "digest_overlap" : "digest_gap";
    const message = `digest ${id} starts at ${
      clip(digest.first_seq)
    } after ${prev.id} ended at ${end}`;
    shared.log.add(code, message, where);
  }
  if (digest.prev_digest_id !== prev.digest.digest_id) {
    shared.log.add(
      "prev_digest_mismatch",
      `digest ${id} does not name ${prev.id} before it`,
      where,
    );
  }
}

/**
 * Reads and checks a digest as it arrives.
 *
 * @param shared The shared state.
 * @param prev The digest before it, if any.
 * @param value The digest as given.
 * @param n Its position, for messages.
 * @returns What was found, or `undefined` when it is not a tree head this SDK can read.
 */
export function checkDigest(
  shared: Shared,
  prev: DigestResult | undefined,
  value: unknown,
  n: number,
): DigestResult | undefined {
  const d = readDigest(shared, value, n);
  if (d === undefined) return undefined;
  const before = shared.log.count;
  checkRange(shared, d);
  checkChaining(shared, prev, d);
  d.signed = checkSignature(shared, d);
  d.clean = shared.log.count === before;
  return d;
}

/** The digest's `start_time` against its first record. */
export function checkStart(shared: Shared, d: DigestResult, record: Json): void {
  if (record.created_at === d.digest.start_time) return;
  shared.log.add(
    "time_mismatch",
    `digest ${d.id}'s start_time is not record ${record.seq}'s time`,
    {
      digest_id: d.id,
    },
  );
  d.clean = false;
}

/** The digest's head hash, `end_time` and root against its head record and the recomputed root. */
export function checkHead(shared: Shared, d: DigestResult, head: Json, root: string | undefined) {
  const before = shared.log.count;
  const where = { digest_id: d.id };
  if (head.hash !== d.digest.head_hash) {
    shared.log.add(
      "head_hash_mismatch",
      `digest ${d.id}'s head_hash is not record ${head.seq}'s hash`,
      where,
    );
  }
  if (head.created_at !== d.digest.end_time) {
    shared.log.add(
      "time_mismatch",
      `digest ${d.id}'s end_time is not record ${head.seq}'s time`,
      where,
    );
  }
  if (root === d.root) d.bound = true;
  else if (root !== undefined) {
    const message = `digest ${d.id}'s root_hash is not the Merkle root of records 1-${d.treeSize}`;
    shared.log.add("root_hash_mismatch", message, where);
  }
  if (shared.log.count !== before) d.clean = false;
}
