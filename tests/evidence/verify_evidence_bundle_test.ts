import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import canonicalize from "canonicalize";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, strToU8 } from "fflate";
import {
  assertEvidenceBundle,
  KeeptrustsVerificationError,
  keyFingerprint,
  verifyEvidenceBundle,
} from "../../evidence/mod.ts";
import { b64u, bundleOf, filesOf, json, pretty, rezip, zipOf } from "./_bundle.ts";
import { buildLog } from "./_log.ts";
import { prng } from "../_helpers.ts";
import { hex, leafHash, rootFromPath, unhex } from "./_rfc9162.ts";

const sha = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");
const log = buildLog({ records: 200, digestEvery: 16, rotateEvery: 4 });
const first = keyFingerprint(log.keys[0].jwk);
// Record 37 against the 10th digest (tree of 160), signed by key_3 (two rotations after key_1).
const bundle = bundleOf(log, 37, 9);
const zip = zipOf(bundle);
const signer = log.keys.find((k) => k.jwk.kid === bundle.digest.kid)!;

/**
 * The forger of issue 11: the blocked decision becomes "allow" at $123.45, every hash recomputed,
 * the tree head re-signed with a fresh key of their own under the same kid, the key files
 * replaced, SHA256SUMS rewritten.
 */
function forge(): Uint8Array {
  const files = filesOf(zip);
  const event = { ...json(files["event.json"]), verdict: "allow" } as Record<string, unknown>;
  event.event_cost_attribution = { total_cost_usd: 123.45 };
  files["event.json"] = strToU8(canonicalize(event)!);
  const { hash: _, ...body } = json(files["record.json"]);
  body.payload_hash = sha(files["event.json"]);
  const record = { ...body, hash: sha(canonicalize(body)!) };
  files["record.json"] = strToU8(canonicalize(record) + "\n");
  const proof = json(files["inclusion-proof.json"]) as {
    audit_path: string[];
    seq: number;
    tree_size: number;
  };
  const leaf = leafHash(unhex(record.hash));
  const root = rootFromPath(leaf, proof.seq - 1, proof.tree_size, proof.audit_path.map(unhex));
  files["inclusion-proof.json"] = pretty({ ...proof, leaf_hash: hex(leaf) });
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const jwk = { ...json(files["public-key.jwk.json"]), x: publicKey.export({ format: "jwk" }).x };
  const { signature: __, ...digest } = json(files["digest.json"]);
  digest.root_hash = hex(root);
  const payload = canonicalize(digest)!;
  const signature = sign(null, strToU8(payload), privateKey);
  files["digest.json"] = pretty({ ...digest, signature: b64u(signature) });
  files["digest.payload"] = strToU8(payload);
  files["digest.sig"] = new Uint8Array(signature);
  files["public-key.jwk.json"] = pretty(jwk);
  files["public-key.pem"] = strToU8(publicKey.export({ type: "spki", format: "pem" }) as string);
  return rezip(files);
}

/** Runs the README's auditor commands in a folder holding the bundle's files. */
function auditor(files: Record<string, Uint8Array>) {
  const dir = mkdtempSync(join(tmpdir(), "kt-audit-"));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  const readme = strFromU8(files["README.txt"]);
  const script = readme.split("--- python3 ---\n")[1].split("--- end ---")[0];
  const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { cwd: dir, encoding: "utf8" });
  const result = {
    sums: run("sha256sum", ["-c", "SHA256SUMS"]),
    fingerprint: run("sh", [
      "-c",
      "openssl pkey -pubin -in public-key.pem -outform DER | sha256sum",
    ]),
    signature: run("sh", [
      "-c",
      readme.split("\n").map((l) => l.trim()).find((l) => l.startsWith("openssl pkeyutl"))!,
    ]),
    event: run("sha256sum", ["event.json"]),
    python: run("python3", ["-c", script]),
  };
  rmSync(dir, { recursive: true, force: true });
  return result;
}

describe("verifyEvidenceBundle()", () => {
  it("verifies a genuine bundle against the pinned first key through the endorsements", () => {
    const report = verifyEvidenceBundle(zip, { trustedKeys: [first], keys: log.jwks as never });
    assert.deepEqual(report.failures, []);
    assert.equal(report.ok, true);
    assert.equal(report.request_id, "req_37");
    assert.deepEqual(report.keys, [{
      kid: "key_3",
      fingerprint: keyFingerprint(signer.jwk),
      trusted_by: "endorsement",
    }]);
    assert.equal(report.checkpoint?.digest_id, "dig_10");
  });

  it("verifies a genuine bundle against a pin of its own signing key", () => {
    const report = verifyEvidenceBundle(zip, { trustedKeys: [keyFingerprint(signer.jwk)] });
    assert.equal(report.ok, true);
    assert.equal(report.keys[0].trusted_by, "pin");
  });

  it("says untrusted_key, naming the key, when nothing is pinned: the bundle's key proves nothing", () => {
    const report = verifyEvidenceBundle(zip);
    assert.equal(report.ok, false);
    assert.equal(report.chain_integrity, "intact");
    assert.deepEqual(report.failures.map((f) => [f.code, f.kid]), [["untrusted_key", "key_3"]]);
    assert.equal(report.keys[0].fingerprint, keyFingerprint(signer.jwk));
  });

  it("catches the forged bundle that sha256sum, openssl and the Python check all accept", () => {
    const forged = forge();
    const audit = auditor(filesOf(forged));
    assert.equal(audit.sums.status, 0, "sha256sum -c passes on the forgery");
    assert.match(audit.signature.stdout, /Signature Verified Successfully/);
    assert.equal(audit.python.status, 0, audit.python.stderr);
    assert.notEqual(`sha256:${audit.fingerprint.stdout.split(" ")[0]}`, keyFingerprint(signer.jwk));
    const report = verifyEvidenceBundle(forged, { trustedKeys: [first], keys: log.jwks as never });
    assert.equal(report.ok, false);
    assert.ok(report.failures.some((f) => f.code === "key_conflict" || f.code === "untrusted_key"));
    assert.equal(report.keys.find((k) => k.kid === "key_3")?.trusted_by ?? null, null);
    const alone = verifyEvidenceBundle(forged, { trustedKeys: [first] });
    assert.deepEqual(alone.failures.map((f) => f.code), ["untrusted_key"]);
    assert.equal(alone.keys[0].fingerprint, `sha256:${audit.fingerprint.stdout.split(" ")[0]}`);
  });

  it("reports an event.json that is not the canonical bytes (a duplicate key in front)", () => {
    const files = filesOf(zip);
    const text = strFromU8(files["event.json"]);
    files["event.json"] = strToU8(`{"verdict":"allow",${text.slice(1)}`);
    const report = verifyEvidenceBundle(rezip(files), {
      trustedKeys: [first],
      keys: log.jwks as never,
    });
    const codes = report.failures.map((f) => f.code);
    assert.deepEqual(codes, ["non_canonical_event", "payload_hash_mismatch"]);
    assert.equal(report.chain_integrity, "broken");
  });

  it("reports an event.json holding a lone surrogate instead of throwing", () => {
    const files = filesOf(zip);
    files["event.json"] = strToU8(`{"note":"\\ud800",${strFromU8(files["event.json"]).slice(1)}`);
    const report = verifyEvidenceBundle(rezip(files), {
      trustedKeys: [first],
      keys: log.jwks as never,
    });
    assert.ok(report.failures.some((f) => f.code === "non_canonical_event"));
  });

  it("reports a 2-million-character signature or key as a failure, not a stack overflow", () => {
    const files = filesOf(zip);
    const rand = prng(7); // incompressible, or the reader refuses it as a compression bomb
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const huge = Array.from({ length: 2_000_000 }, () => alphabet[Math.floor(rand() * 64)]).join(
      "",
    );
    files["digest.json"] = pretty({ ...json(files["digest.json"]), signature: huge });
    files["public-key.jwk.json"] = pretty({ ...json(files["public-key.jwk.json"]), x: huge });
    const report = verifyEvidenceBundle(rezip(files), { trustedKeys: [first] });
    const found = new Set(report.failures.map((f) => f.code));
    for (const code of ["bad_signature", "key_mismatch", "bad_key"]) {
      assert.ok(found.has(code), code);
    }
    assert.ok(report.failures.every((f) => f.reason.length < 300));
  });

  it("reports a flipped bit in the inclusion proof, and the Python check fails too", () => {
    const files = filesOf(zip);
    const proof = json(files["inclusion-proof.json"]) as { audit_path: string[] };
    const p = proof.audit_path[2];
    proof.audit_path[2] = (p[0] === "0" ? "1" : "0") + p.slice(1);
    files["inclusion-proof.json"] = pretty(proof);
    const report = verifyEvidenceBundle(rezip(files), {
      trustedKeys: [first],
      keys: log.jwks as never,
    });
    assert.equal(report.failures[0].code, "inclusion_proof_failed");
    assert.equal(report.chain_integrity, "broken");
    assert.notEqual(auditor(files).python.status, 0);
  });

  it("reports a bundle whose digest does not cover the record as unsigned", () => {
    const early = zipOf({
      ...bundleOf(log, 37, 9),
      digest: log.digests[1] as never,
      inclusion_proof: log.inclusionProof(37, 37) as never,
    });
    const report = verifyEvidenceBundle(early, { trustedKeys: [first], keys: log.jwks as never });
    assert.ok(
      report.failures.some((f) => f.code === "unsigned_records" || f.code === "malformed_proof"),
    );
    assert.equal(report.ok, false);
  });

  it("throws KeeptrustsVerificationError with the report from assertEvidenceBundle", () => {
    assert.equal(assertEvidenceBundle(zip, { trustedKeys: [keyFingerprint(signer.jwk)] }).ok, true);
    assert.throws(
      () => assertEvidenceBundle(forge(), { trustedKeys: [first] }),
      (err: unknown) =>
        err instanceof KeeptrustsVerificationError && err.code === "untrusted_key" &&
        (err.report as { ok: boolean }).ok === false,
    );
  });
});

describe("exportBundleZip()", () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "kt-bundle-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the same bytes for the same bundle", () => {
    assert.deepEqual(zipOf(bundle), zip);
  });

  it("is checked by the README's own commands: sha256sum, openssl and the Python script", () => {
    const audit = auditor(filesOf(zip));
    assert.equal(audit.sums.status, 0, audit.sums.stdout);
    assert.equal(`sha256:${audit.fingerprint.stdout.split(" ")[0]}`, keyFingerprint(signer.jwk));
    assert.match(audit.signature.stdout, /Signature Verified Successfully/);
    assert.equal(audit.event.stdout.split(" ")[0], bundle.record.payload_hash);
    assert.equal(audit.python.status, 0, audit.python.stderr);
    assert.match(audit.python.stdout, /record 37 is in the tree of 160 records signed by key_3/);
    const readme = strFromU8(filesOf(zip)["README.txt"]);
    assert.ok(
      readme.includes(keyFingerprint(signer.jwk).slice(7)),
      "the README names the fingerprint",
    );
    assert.equal(json(filesOf(zip)["manifest.json"]).version, 2);
    writeFileSync(join(dir, "evidence.zip"), zip);
    assert.match(execFileSync("unzip", ["-t", join(dir, "evidence.zip")]).toString(), /No errors/);
    assert.equal(readFileSync(join(dir, "evidence.zip")).length, zip.length);
  });

  it("stays small however long the log: only the audit path grows, as log n", () => {
    const big = buildLog({ records: 16_384, digestEvery: 16_384 });
    const large = zipOf(bundleOf(big, 5_000, 0));
    const small = zipOf(bundleOf(log, 37, 9));
    assert.ok(large.length < 16 * 1024, `${large.length} bytes`);
    assert.ok(large.length - small.length < 1_000, `${large.length} vs ${small.length}`);
  });
});
