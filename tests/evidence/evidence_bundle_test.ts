import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, unzipSync, zipSync } from "fflate";
import {
  buildEvidenceBundle,
  createControlPlaneClient,
  listPublicKeys,
} from "../../control/mod.ts";
import {
  assertEvidenceBundle,
  type EvidenceBundle,
  exportBundleZip,
  extractEvidenceBundle,
  KeeptrustsBundleError,
  KeeptrustsVerificationError,
  type PublicKey,
  verifyEvidenceBundle,
} from "../../evidence/mod.ts";
import { type DemoServer, startServer } from "../_helpers.ts";

function has(tool: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

let server: DemoServer;
let bundle: EvidenceBundle;
let zip: Uint8Array;
let dir: string;
let keys: readonly PublicKey[];

before(async () => {
  server = await startServer({ seedEvents: 60 });
  const client = createControlPlaneClient({ baseUrl: server.url, bearerToken: server.readToken });
  bundle = await buildEvidenceBundle(client, "req_seed_0000004");
  keys = (await listPublicKeys(client)).keys;
  zip = exportBundleZip(bundle);
  dir = mkdtempSync(join(tmpdir(), "kt-bundle-"));
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function rezip(files: Record<string, Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: 6 }]])));
}

describe("verifyEvidenceBundle()", () => {
  const files = () => unzipSync(zip);

  it("rejects hostile archives with a clear error, writing nothing", async () => {
    const cases: Array<[string, Uint8Array, string]> = [
      ["traversal", rezip({ ...files(), "../evil.txt": strToU8("x") }), "unsafe_path"],
      ["absolute path", rezip({ ...files(), "/tmp/evil.txt": strToU8("x") }), "unsafe_path"],
      ["backslash", rezip({ ...files(), "..\\evil.txt": strToU8("x") }), "unsafe_path"],
      ["bomb", rezip({ ...files(), "bomb.bin": new Uint8Array(64 * 1024 * 1024) }), "bomb"],
      ["not a zip", strToU8("definitely not a zip file"), "corrupt"],
    ];
    // A duplicate entry: two same-length names, the second renamed in place to the first.
    const dup = rezip({ ...files(), "README.tx2": strToU8("second") });
    const from = strToU8("README.tx2");
    const renamed = dup.slice();
    for (let i = 0; i + from.length <= renamed.length; i++) {
      if (from.every((b, j) => renamed[i + j] === b)) {
        renamed[i + from.length - 1] = "t".charCodeAt(0);
      }
    }
    cases.push(["duplicate", renamed, "duplicate_entry"]);
    for (const [name, bytes, code] of cases) {
      let err: unknown;
      try {
        verifyEvidenceBundle(bytes);
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof KeeptrustsBundleError, `${name}: ${err}`);
      assert.equal((err as KeeptrustsBundleError).code, code, name);
      assert.match((err as Error).message, /^Cannot read evidence bundle: /);
    }
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes("evil")), []);
    // Extraction refuses the same archives before writing anything, inside or outside the folder.
    for (const [name, bytes] of cases) {
      const target = join(dir, `extract-${name.replaceAll(" ", "-")}`);
      await assert.rejects(extractEvidenceBundle(bytes, target), KeeptrustsBundleError, name);
      assert.equal(existsSync(target), false, `${name}: nothing written`);
    }
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes("evil")), []);
    const limited: Array<[Record<string, number>, string]> = [
      [{ maxEntries: 5 }, "too_many_entries"],
      [{ maxEntryBytes: 1000 }, "too_large"],
      [{ maxTotalBytes: 4000 }, "too_large"],
      [{ maxZipBytes: 100 }, "too_large"],
    ];
    for (const [limits, code] of limited) {
      assert.throws(
        () => verifyEvidenceBundle(zip, { limits }),
        (e: unknown) => e instanceof KeeptrustsBundleError && e.code === code,
        JSON.stringify(limits),
      );
    }
  });

  it("extracts a valid bundle into a folder that sha256sum checks, and never overwrites", async () => {
    const target = join(dir, "extracted");
    const written = await extractEvidenceBundle(zip, target);
    assert.equal(written.length, 12);
    assert.deepEqual(readdirSync(target).sort(), Object.keys(files()).sort());
    if (has("sha256sum")) {
      assert.match(
        execFileSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: target }).toString(),
        /digest\.sig: OK/,
      );
    }
    await assert.rejects(
      extractEvidenceBundle(zip, target),
      (e: unknown) => e instanceof KeeptrustsBundleError && e.code === "exists",
    );
  });

  it("reports a bad checksum, a flipped signature bit and a swapped key as failures", () => {
    const trustedKeys = [server.fingerprint];
    const tampered = files();
    tampered["event.json"] = strToU8(
      new TextDecoder().decode(tampered["event.json"]).replace('"verdict":"', '"verdict":"x'),
    );
    const r1 = verifyEvidenceBundle(rezip(tampered), { trustedKeys });
    assert.equal(r1.ok, false);
    assert.ok(r1.failures.some((f) => f.file === "event.json" && f.code === "checksum_mismatch"));
    assert.ok(r1.failures.some((f) => f.code === "payload_hash_mismatch"));

    const flipped = files();
    flipped["digest.sig"] = flipped["digest.sig"].slice();
    flipped["digest.sig"][0] ^= 0x01;
    const r2 = verifyEvidenceBundle(rezip(flipped), { trustedKeys });
    assert.ok(r2.failures.some((f) => f.file === "digest.sig"));

    const swapped = files();
    const jwk = JSON.parse(new TextDecoder().decode(swapped["public-key.jwk.json"]));
    jwk.x = keys.find((k) => k.x !== jwk.x)!.x;
    swapped["public-key.jwk.json"] = strToU8(JSON.stringify(jwk));
    const r3 = verifyEvidenceBundle(rezip(swapped), { trustedKeys });
    assert.ok(
      r3.failures.some((f) =>
        f.code === "bad_signature" && f.digest_id === bundle.digest.digest_id
      ),
    );
    assert.throws(
      () => assertEvidenceBundle(rezip(swapped)),
      (e: unknown) =>
        e instanceof KeeptrustsVerificationError && e.report.ok === false &&
        e.code === e.report.failures[0].code,
    );
  });
});
