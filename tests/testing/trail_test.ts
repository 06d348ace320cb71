import { describe, it } from "node:test";
import assert from "node:assert/strict";
import canonicalize from "canonicalize";
import { createHash, createPublicKey, verify } from "node:crypto";
import { createStandIn, type StandIn } from "../../testing/mod.ts";
import { hex, mth, path, proof, unhex, verifyConsistency, verifyInclusion } from "./_rfc9162.ts";

// The evidence format of DESIGN section 5, checked from the outside: everything recomputed here
// from what the stand-in serves, with naive RFC 9162 code and node:crypto.
// deno-lint-ignore no-explicit-any
type Json = Record<string, any>;

let t = Date.parse("2026-05-31T00:00:00Z");
const clock = () => (t += 1000);
const sha = (text: string) => createHash("sha256").update(text).digest("hex");

function reader(standIn: StandIn, token = standIn.tokens.read) {
  return async (path: string): Promise<Json> => {
    const r = await standIn.fetch(`${standIn.url}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: r.status, ...(await r.json()) };
  };
}

async function allRecords(get: (p: string) => Promise<Json>): Promise<Json[]> {
  const out: Json[] = [];
  let cursor = "";
  do {
    const page = await get(`/v1/trail/records?limit=37${cursor ? `&cursor=${cursor}` : ""}`);
    out.push(...page.records);
    cursor = page.next_cursor ?? "";
  } while (cursor);
  return out;
}

const ed25519 = (x: string) =>
  createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" });
const signed = (x: string, value: unknown, signature: string) =>
  verify(null, Buffer.from(canonicalize(value)!), ed25519(x), Buffer.from(signature, "base64url"));

describe("stand-in trail: records, tree heads, keys", () => {
  const standIn = createStandIn({ seedEvents: 45, now: clock, digestEvery: 8, rotateEvery: 2 });
  const get = reader(standIn);

  it("chains records from seq 1 with no gap, each hash over its canonical body", async () => {
    const records = await allRecords(get);
    assert.equal(records.length, 45);
    let prev = "0".repeat(64);
    records.forEach((r, i) => {
      const { hash, ...body } = r;
      assert.equal(r.seq, i + 1);
      assert.equal(r.prev_hash, prev);
      assert.equal(sha(canonicalize(body)!), hash);
      prev = hash;
    });
  });

  it("signs tree heads whose tree_size and root_hash are the RFC 9162 root of the whole log so far", async () => {
    const records = await allRecords(get);
    const leaves = records.map((r) => unhex(r.hash));
    const { digests } = await get("/v1/trail/digests?limit=100");
    const { keys } = await get("/v1/trail/public-keys");
    assert.equal(digests.length, 5);
    digests.forEach((d: Json, i: number) => {
      assert.equal(d.first_seq, i * 8 + 1);
      assert.equal(d.tree_size, d.last_seq);
      assert.equal(d.record_count, 8);
      assert.equal(d.head_hash, records[d.last_seq - 1].hash);
      assert.equal(d.root_hash, hex(mth(leaves.slice(0, d.tree_size))));
      assert.equal(d.prev_digest_id, i === 0 ? null : digests[i - 1].digest_id);
      const key = keys.find((k: Json) => k.kid === d.kid);
      assert.ok(
        key.not_before <= d.created_at && (key.not_after === null || d.created_at < key.not_after),
      );
      const { signature, ...body } = d;
      assert.ok(signed(key.x, body, signature), d.digest_id);
    });
    assert.deepEqual(await get("/v1/trail/digests/latest"), { status: 200, ...digests.at(-1) });
  });

  it("endorses each rotated key by its predecessor, valid at the new key's not_before", async () => {
    const { keys } = await get("/v1/trail/public-keys");
    assert.deepEqual(keys.map((k: Json) => k.status), ["retired", "retired", "active"]);
    assert.equal(keys[0].endorsement, undefined);
    for (let i = 1; i < keys.length; i++) {
      const [prev, key] = [keys[i - 1], keys[i]];
      assert.equal(key.endorsement.kid, prev.kid);
      const { alg, crv, kid, kty, not_before, x } = key;
      assert.ok(signed(prev.x, { alg, crv, kid, kty, not_before, x }, key.endorsement.signature));
      assert.ok(prev.not_before <= key.not_before && key.not_before < prev.not_after);
    }
  });

  it("serves the RFC 9162 audit path for every record in every tree size, which verifies", async () => {
    const leaves = (await allRecords(get)).map((r) => unhex(r.hash));
    for (let size = 1; size <= leaves.length; size++) {
      const root = mth(leaves.slice(0, size));
      for (let seq = 1; seq <= size; seq++) {
        const p = await get(`/v1/trail/proofs/inclusion?seq=${seq}&tree_size=${size}`);
        const audit = p.audit_path.map(unhex);
        assert.deepEqual(p.audit_path, path(seq - 1, leaves.slice(0, size)).map(hex));
        assert.ok(
          verifyInclusion(seq - 1, size, unhex(p.leaf_hash), audit, root),
          `${seq}/${size}`,
        );
      }
    }
  });

  it("serves the RFC 9162 consistency path between every pair of sizes, which verifies", async () => {
    const leaves = (await allRecords(get)).map((r) => unhex(r.hash));
    for (let second = 1; second <= leaves.length; second++) {
      const secondRoot = mth(leaves.slice(0, second));
      for (let first = 1; first <= second; first++) {
        const c = await get(`/v1/trail/proofs/consistency?first=${first}&second=${second}`);
        assert.deepEqual(c.consistency_path, proof(first, leaves.slice(0, second)).map(hex));
        const ok = verifyConsistency(
          first,
          second,
          mth(leaves.slice(0, first)),
          secondRoot,
          c.consistency_path.map(unhex),
        );
        assert.ok(ok, `${first} -> ${second}`);
      }
    }
  });

  it("refuses proofs for sizes it does not have, with the platform's 422", async () => {
    for (
      const q of [
        "inclusion?seq=5",
        "inclusion?seq=9&tree_size=8",
        "inclusion?seq=1&tree_size=46",
        "inclusion?seq=0&tree_size=8",
        "consistency?first=9&second=8",
        "consistency?first=1&second=46",
        "consistency?first=x&second=8",
      ]
    ) {
      const r = await get(`/v1/trail/proofs/${q}`);
      assert.equal(r.status, 422, q);
      assert.equal(r.error.type, "validation_error");
    }
  });

  it("prints as its pin the SHA-256 of its first key's SPKI DER", async () => {
    const { keys } = await get("/v1/trail/public-keys");
    const der = ed25519(keys[0].x).export({ type: "spki", format: "der" });
    assert.equal(standIn.fingerprint, `sha256:${createHash("sha256").update(der).digest("hex")}`);
  });
});

describe("stand-in trail: administrative records and the server's verification", () => {
  it("records token and service-account changes with null request and event ids, in the same chain", async () => {
    const standIn = createStandIn({ seedEvents: 3, now: clock });
    const admin = (method: string, path: string, body?: unknown) =>
      standIn.fetch(`${standIn.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${standIn.tokens.admin}`,
          "content-type": "application/json",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then((r) => r.json());
    const created = await admin("POST", "/v1/tokens", { name: "ci", scopes: ["events:read"] });
    await admin("DELETE", `/v1/tokens/${created.token.token_id}`);
    await admin("DELETE", `/v1/tokens/${created.token.token_id}`); // idempotent: recorded once
    await admin("POST", "/v1/service-accounts", { name: "etl", scopes: ["trail:read"] });
    const records = await allRecords(reader(standIn));
    assert.deepEqual(records.map((r) => r.kind), [
      "decision",
      "decision",
      "decision",
      "token_created",
      "token_revoked",
      "service_account_created",
      "token_created",
    ]);
    for (const r of records.slice(3)) {
      assert.equal(r.request_id, null);
      assert.equal(r.event_id, null);
      assert.match(r.payload_hash, /^[0-9a-f]{64}$/);
    }
    const report = await reader(standIn)("/v1/trail/verify?deep_verify=true");
    assert.equal(report.ok, true, JSON.stringify(report.failures));
    assert.equal(report.records_verified, 7);
  });

  it("reports in DESIGN's shape, never claiming trust, and finds a record edited in place", async () => {
    const standIn = createStandIn({ seedEvents: 20, now: clock });
    const get = reader(standIn);
    const intact = await get("/v1/trail/verify");
    assert.equal(intact.ok, true);
    assert.equal(intact.chain_integrity, "intact");
    assert.equal(intact.pending_records, 4);
    assert.equal(intact.consistency, "not_checked");
    assert.equal(intact.checkpoint.tree_size, 16);
    assert.deepEqual(intact.keys.map((k: Json) => [k.kid, k.trusted_by]), [["key_0001", null]]);
    assert.equal(intact.keys[0].fingerprint, standIn.fingerprint);
    standIn.setLies({ tamperRecord: { seq: 7, field: "request_id", value: "req_forged" } });
    const broken = await get("/v1/trail/verify");
    assert.equal(broken.ok, false);
    assert.equal(broken.chain_integrity, "broken");
    assert.deepEqual(broken.failures.map((f: Json) => [f.code, f.seq]), [["hash_mismatch", 7]]);
  });
});
