import { describe, it } from "node:test";
import assert from "node:assert/strict";
import canonicalize from "canonicalize";
import { createHash, createPublicKey, verify } from "node:crypto";
import { createStandIn, type StandIn, startStandIn } from "../../testing/mod.ts";
import { hex, mth, unhex, verifyConsistency } from "./_rfc9162.ts";

// Each lying mode, observed from the outside as an auditor would: what it serves, and the check
// that catches it. (The SDK's own verifiers are tested against these switches in tests/evidence.)
// deno-lint-ignore no-explicit-any
type Json = Record<string, any>;

let t = Date.parse("2026-05-31T00:00:00Z");
const make = () => createStandIn({ seedEvents: 40, now: () => (t += 1000), rotateEvery: 2 });
const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const fingerprint = (x: string) =>
  `sha256:${
    createHash("sha256").update(
      createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" }).export({
        type: "spki",
        format: "der",
      }),
    ).digest("hex")
  }`;
const signed = (x: string, value: unknown, signature: string) =>
  verify(
    null,
    Buffer.from(canonicalize(value)!),
    createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" }),
    Buffer.from(signature, "base64url"),
  );

function reader(standIn: StandIn, token = standIn.tokens.read) {
  return async (path: string): Promise<Json> => {
    const r = await standIn.fetch(`${standIn.url}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: r.status, ...(await r.json()) };
  };
}

/** Every digest verifies under the key it names, as served. */
async function servedSignaturesVerify(get: (p: string) => Promise<Json>): Promise<boolean> {
  const { digests } = await get("/v1/trail/digests?limit=100");
  const { keys } = await get("/v1/trail/public-keys");
  return digests.every((d: Json) => {
    const { signature, ...body } = d;
    return signed(keys.find((k: Json) => k.kid === d.kid).x, body, signature);
  });
}

describe("lying modes", () => {
  it("rewriteRecord: a rewritten history re-signed under the same kids, caught only by an older checkpoint", async () => {
    const standIn = make();
    const get = reader(standIn);
    const checkpoint = await get("/v1/trail/digests/dig_000002"); // tree_size 16
    const honestLatest = await get("/v1/trail/digests/latest");
    const record = (await get("/v1/trail/records?from_seq=12&limit=1")).records[0];
    standIn.setLies({ rewriteRecord: 12 });
    const { status: _s, ...event } = await get(`/v1/events/${record.event_id}`);
    assert.deepEqual([event.verdict, event.cost_usd], ["allow", 123.45]);
    const lie = await get("/v1/trail/records?from_seq=12&limit=1");
    assert.equal(lie.records[0].payload_hash, sha(canonicalize(event)!));
    const latest = await get("/v1/trail/digests/latest");
    assert.equal(latest.tree_size, honestLatest.tree_size);
    assert.equal(latest.kid, honestLatest.kid);
    assert.notEqual(latest.root_hash, honestLatest.root_hash);
    assert.ok(
      await servedSignaturesVerify(get),
      "every forged digest verifies under the honest keys",
    );
    const c = await get(`/v1/trail/proofs/consistency?first=16&second=${latest.tree_size}`);
    const consistent = verifyConsistency(
      16,
      latest.tree_size,
      unhex(checkpoint.root_hash),
      unhex(latest.root_hash),
      c.consistency_path.map(unhex),
    );
    assert.equal(consistent, false, "the stored checkpoint catches the rewrite");
    standIn.setLies({});
    assert.equal((await get("/v1/trail/digests/latest")).root_hash, honestLatest.root_hash);
  });

  it("resignWithNewKey: every digest re-signed by a key served as retired that no pin reaches", async () => {
    const standIn = make();
    const get = reader(standIn);
    standIn.setLies({ resignWithNewKey: 3 });
    const { digests } = await get("/v1/trail/digests?limit=100");
    const { keys } = await get("/v1/trail/public-keys");
    assert.ok(digests.every((d: Json) => d.kid === "key_0000"));
    const forged = keys.find((k: Json) => k.kid === "key_0000");
    assert.equal(forged.status, "retired");
    assert.equal(forged.endorsement, undefined);
    assert.ok(
      digests.every((d: Json) =>
        forged.not_before <= d.created_at && d.created_at < forged.not_after
      ),
    );
    assert.ok(await servedSignaturesVerify(get));
    assert.notEqual(fingerprint(forged.x), standIn.fingerprint);
    assert.equal(
      fingerprint(keys[1].x),
      standIn.fingerprint,
      "the honest first key is still listed",
    );
  });

  it("endorsements: rotated keys served without endorsement, or with one that does not verify", async () => {
    const standIn = make();
    const get = reader(standIn);
    standIn.setLies({ endorsements: "missing" });
    const missing = (await get("/v1/trail/public-keys")).keys;
    assert.ok(missing.length >= 3 && missing.every((k: Json) => k.endorsement === undefined));
    standIn.setLies({ endorsements: "invalid" });
    const invalid = (await get("/v1/trail/public-keys")).keys;
    for (let i = 1; i < invalid.length; i++) {
      const { alg, crv, kid, kty, not_before, x } = invalid[i];
      assert.equal(invalid[i].endorsement.kid, invalid[i - 1].kid);
      assert.equal(
        signed(
          invalid[i - 1].x,
          { alg, crv, kid, kty, not_before, x },
          invalid[i].endorsement.signature,
        ),
        false,
      );
    }
    assert.ok(await servedSignaturesVerify(get), "digests still verify: only the endorsements lie");
  });

  it("splitView: two tokens see two validly signed histories with the same tree_size", async () => {
    const standIn = make();
    standIn.setLies({ splitView: { token: standIn.tokens.read, seq: 20 } });
    const reader1 = reader(standIn, standIn.tokens.read);
    const reader2 = reader(standIn, standIn.tokens.admin);
    const a = await reader1("/v1/trail/digests/latest");
    const b = await reader2("/v1/trail/digests/latest");
    assert.equal(a.tree_size, b.tree_size);
    assert.equal(a.kid, b.kid);
    assert.notEqual(a.root_hash, b.root_hash);
    assert.ok(await servedSignaturesVerify(reader1));
    assert.ok(await servedSignaturesVerify(reader2));
    const honestRecords = (await reader2("/v1/trail/records?limit=100")).records;
    assert.equal(b.root_hash, hex(mth(honestRecords.map((r: Json) => unhex(r.hash)))));
  });

  it("withholdDigestsAfter: no digest past a tree size, so later records stay unsigned", async () => {
    const standIn = make();
    const get = reader(standIn);
    standIn.setLies({ withholdDigestsAfter: 20 });
    const { digests } = await get("/v1/trail/digests?limit=100");
    assert.deepEqual(digests.map((d: Json) => d.tree_size), [8, 16]);
    assert.equal((await get("/v1/trail/digests/latest")).tree_size, 16);
    assert.equal((await get("/v1/trail/verify")).pending_records, 24);
  });

  it("eventMismatch: the event served does not match its record's payload_hash; deep verification says so", async () => {
    const standIn = make();
    const get = reader(standIn);
    const record = (await get("/v1/trail/records?from_seq=9&limit=1")).records[0];
    standIn.setLies({ eventMismatch: 9 });
    const { status: _s, ...event } = await get(`/v1/events/${record.event_id}`);
    assert.notEqual(sha(canonicalize(event)!), record.payload_hash);
    assert.equal((await get("/v1/trail/records?from_seq=9&limit=1")).records[0].hash, record.hash);
    const deep = await get("/v1/trail/verify?deep_verify=true");
    assert.deepEqual(deep.failures.map((f: Json) => [f.code, f.seq]), [[
      "payload_hash_mismatch",
      9,
    ]]);
    assert.equal(
      (await get("/v1/trail/verify")).ok,
      true,
      "a shallow check does not look at events",
    );
  });

  it("loneSurrogate: a U+D800 written into an event or a record, hashed as text and re-signed", async () => {
    const standIn = make();
    const get = reader(standIn);
    const record = (await get("/v1/trail/records?from_seq=4&limit=1")).records[0];
    standIn.setLies({ loneSurrogate: { seq: 4 } });
    const { status: _s, ...event } = await get(`/v1/events/${record.event_id}`);
    assert.match(event.agent_id, /\ud800$/);
    assert.throws(() => canonicalize(event), /surrogate/i, "RFC 8785 has no form for it");
    standIn.setLies({ loneSurrogate: { seq: 4, in: "record" } });
    const lie = (await get("/v1/trail/records?from_seq=4&limit=1")).records[0];
    assert.ok(lie.request_id.endsWith("\ud800"));
    assert.notEqual(lie.hash, record.hash);
    assert.ok(await servedSignaturesVerify(get));
  });

  it("claimIntact: the server's verification claims intact over a record edited in place", async () => {
    const standIn = make();
    standIn.setLies({
      claimIntact: true,
      tamperRecord: { seq: 2, field: "kind", value: "deleted" },
    });
    const report = await reader(standIn)("/v1/trail/verify");
    assert.deepEqual([report.ok, report.chain_integrity, report.failures], [true, "intact", []]);
  });

  it("refuses lies that name no decision record, or two forgeries at once", () => {
    const standIn = make();
    assert.throws(() => standIn.setLies({ rewriteRecord: 41 }), RangeError);
    assert.throws(
      () =>
        standIn.setLies({ rewriteRecord: 3, splitView: { token: "kt_demo_read_token", seq: 3 } }),
      /at most one of/,
    );
    assert.throws(
      () => standIn.setLies({ endorsements: "sometimes" } as never),
      /lies\.endorsements/,
    );
    assert.throws(
      () => standIn.setLies({ tamperRecord: { seq: 1, field: "x", value: 1 } }),
      /field must be one of/,
    );
    assert.throws(
      () => standIn.setLies({ rewrite_record: 3 } as never),
      /did you mean rewriteRecord/,
    );
  });

  it("can be switched over HTTP when the switches are on, with the admin token only", async () => {
    const standIn = await startStandIn({ seedEvents: 16, switches: true });
    try {
      const post = (path: string, body: unknown, token: string) =>
        fetch(`${standIn.url}${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      assert.equal(
        (await post("/__standin/lies", { claimIntact: true }, standIn.tokens.read)).status,
        401,
      );
      const bad = await post("/__standin/lies", { rewriteRecord: 99 }, standIn.tokens.admin);
      assert.equal(bad.status, 422);
      assert.match((await bad.json()).error.message, /record 99 is not a decision record/);
      assert.equal(
        (await post("/__standin/lies", { withholdDigestsAfter: 8 }, standIn.tokens.admin)).status,
        200,
      );
      const latest = await fetch(`${standIn.url}/v1/trail/digests/latest`, {
        headers: { authorization: `Bearer ${standIn.tokens.read}` },
      }).then((r) => r.json());
      assert.equal(latest.tree_size, 8);
      assert.equal(
        (await post("/__standin/faults", { count: 1, status: 503 }, standIn.tokens.admin)).status,
        200,
      );
      assert.equal((await fetch(`${standIn.url}/v1/whoami`)).status, 503);
    } finally {
      await standIn.close();
    }
    const off = createStandIn();
    const r = await off.fetch(`${off.url}/__standin/lies`, { method: "POST", body: "{}" });
    assert.equal(r.status, 404, "no switch routes unless asked for");
  });
});
