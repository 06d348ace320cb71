/**
 * `verify-bundle` as a child process on the runtime running the test, on bundles exported from a
 * stand-in: a good bundle verifies against the stand-in's published pin (exit 0), a bundle forged
 * with a fresh key (exit 1, `untrusted_key`), a tampered one (exit 1, naming the file), a hostile
 * zip (exit 2); the JSON report parsed and checked; no token anywhere.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync, zipSync } from "fflate";
import { buildEvidenceBundle, createControlPlaneClient, listEvents } from "../../control/mod.ts";
import { exportBundleZip } from "../../evidence/mod.ts";
import { type RunningStandIn, startStandIn } from "../../testing/mod.ts";
import { assertNoToken, runCliProcess } from "./_run.ts";

let standIn: RunningStandIn;
let dir: string;
let good: string;
let goodFiles: Record<string, Uint8Array>;

before(async () => {
  standIn = await startStandIn({ seedEvents: 24 });
  const client = createControlPlaneClient({
    baseUrl: standIn.url,
    bearerToken: standIn.tokens.read,
  });
  const { events } = await listEvents(client, { limit: 3 });
  const zip = exportBundleZip(await buildEvidenceBundle(client, events[0].request_id!));
  goodFiles = unzipSync(zip);
  dir = mkdtempSync(join(tmpdir(), "kt-cli-bundle-"));
  good = write("good.zip", zip);
});
after(async () => {
  await standIn.close();
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function rezip(files: Record<string, Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: 6 }]])));
}

/** SHA256SUMS recomputed over the files it lists, in its own line format. */
function resum(files: Record<string, Uint8Array>): Uint8Array {
  const text = new TextDecoder().decode(files["SHA256SUMS"]);
  return new TextEncoder().encode(
    text.replace(
      /^([0-9a-f]{64})( [ *])(.+)$/gm,
      (_, _h, sep, name) =>
        `${createHash("sha256").update(files[name]).digest("hex")}${sep}${name}`,
    ),
  );
}

/** The attack of #11: re-sign the signed tree head with a fresh key and ship that key instead. */
function forgeWithFreshKey(files: Record<string, Uint8Array>): Record<string, Uint8Array> {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const signature = sign(null, files["digest.payload"], privateKey);
  const text = (name: string) => JSON.parse(new TextDecoder().decode(files[name]));
  const jwk = { ...text("public-key.jwk.json"), x: publicKey.export({ format: "jwk" }).x };
  const digest = { ...text("digest.json"), signature: signature.toString("base64url") };
  const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v, null, 2) + "\n");
  const forged = {
    ...files,
    "digest.sig": new Uint8Array(signature),
    "digest.json": encode(digest),
    "public-key.jwk.json": encode(jwk),
    "public-key.pem": new TextEncoder().encode(
      publicKey.export({ type: "spki", format: "pem" }).toString(),
    ),
  };
  return { ...forged, SHA256SUMS: resum(forged) };
}

describe("verify-bundle (child process)", () => {
  it("verifies a genuine bundle against the stand-in's pin: exit 0, the key named and trusted by pin", async () => {
    const words = await runCliProcess(["verify-bundle", good, "--trust", standIn.fingerprint]);
    assert.equal(words.code, 0, words.stderr);
    assert.match(words.stdout, /Result: VERIFIED\n$/);
    assert.ok(words.stdout.includes(standIn.fingerprint));
    assert.match(words.stdout, /pin \(--trust\)/);
    assert.equal(words.stderr, "", "no progress bar or message when stderr is not a terminal");
    const json = await runCliProcess([
      "verify-bundle",
      good,
      "--trust",
      standIn.fingerprint,
      "--json",
    ]);
    assert.equal(json.code, 0);
    const doc = JSON.parse(json.stdout);
    assert.equal(doc.ok, true);
    assert.equal(doc.exit_code, 0);
    assert.equal(doc.verification.ok, true);
    assert.deepEqual(doc.verification.failures, []);
    assert.deepEqual(
      doc.verification.keys.map((
        k: { fingerprint: string; trusted_by: string },
      ) => [k.fingerprint, k.trusted_by]),
      [[standIn.fingerprint, "pin"]],
    );
    assertNoToken(words);
    assertNoToken(json);
  });

  it("fails a bundle re-signed with a fresh key: exit 1, untrusted_key, the key not trusted", async () => {
    const forged = write("forged.zip", rezip(forgeWithFreshKey(goodFiles)));
    const run = await runCliProcess([
      "verify-bundle",
      forged,
      "--trust",
      standIn.fingerprint,
      "--json",
    ]);
    assert.equal(run.code, 1, run.stderr);
    const doc = JSON.parse(run.stdout);
    assert.equal(doc.ok, false);
    assert.ok(doc.verification.failures.some((f: { code: string }) => f.code === "untrusted_key"));
    assert.deepEqual(doc.verification.keys.map((k: { trusted_by: unknown }) => k.trusted_by), [
      null,
    ]);
    const words = await runCliProcess(["verify-bundle", forged, "--trust", standIn.fingerprint]);
    assert.equal(words.code, 1);
    assert.match(words.stdout, /untrusted_key/);
    assert.match(words.stdout, /NOT TRUSTED/);
    assert.match(words.stdout, /Result: NOT VERIFIED\n$/);
  });

  it("fails a tampered bundle: exit 1, the failure naming the changed file", async () => {
    const event = new TextDecoder().decode(goodFiles["event.json"]).replace(
      /"block"|"allow"|"redact"/,
      '"escalate"',
    );
    const tampered = write(
      "tampered.zip",
      rezip({ ...goodFiles, "event.json": new TextEncoder().encode(event) }),
    );
    const run = await runCliProcess([
      "verify-bundle",
      tampered,
      "--trust",
      standIn.fingerprint,
      "--json",
    ]);
    assert.equal(run.code, 1, run.stderr);
    const failures = JSON.parse(run.stdout).verification.failures as {
      code: string;
      file?: string;
    }[];
    assert.ok(failures.some((f) => f.file === "event.json"), JSON.stringify(failures));
  });

  it("exits 2 on a hostile zip (an entry that climbs out of the folder)", async () => {
    const hostile = write(
      "hostile.zip",
      rezip({ ...goodFiles, "../escape.txt": new Uint8Array(4) }),
    );
    const run = await runCliProcess([
      "verify-bundle",
      hostile,
      "--trust",
      standIn.fingerprint,
      "--json",
    ]);
    assert.equal(run.code, 2, run.stdout);
    assert.equal(JSON.parse(run.stdout).error.kind, "bundle");
  });
});
