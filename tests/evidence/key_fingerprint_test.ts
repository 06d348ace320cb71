import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keyFingerprint } from "../../evidence/key_fingerprint.ts";

/** What the README tells an auditor to run, run for real. */
function opensslFingerprint(pem: string): string {
  const dir = mkdtempSync(join(tmpdir(), "kt-fp-"));
  try {
    writeFileSync(join(dir, "public-key.pem"), pem);
    const out = spawnSync(
      "sh",
      ["-c", "openssl pkey -pubin -in public-key.pem -outform DER | sha256sum"],
      { cwd: dir, encoding: "utf8" },
    );
    assert.equal(out.status, 0, out.stderr);
    return "sha256:" + out.stdout.split(" ")[0];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("keyFingerprint()", () => {
  it("prints what openssl pkey ... -outform DER | sha256sum prints for the same key", () => {
    for (let i = 0; i < 5; i++) {
      const { publicKey } = generateKeyPairSync("ed25519");
      const pem = publicKey.export({ type: "spki", format: "pem" }) as string;
      const jwk = publicKey.export({ format: "jwk" });
      assert.equal(keyFingerprint({ ...jwk, kid: `k${i}`, alg: "EdDSA" }), opensslFingerprint(pem));
    }
  });

  it("depends only on the key material, not on kid, status or validity", () => {
    const jwk = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" });
    const a = keyFingerprint({ ...jwk, kid: "a", status: "active", not_after: null });
    const b = keyFingerprint({
      ...jwk,
      kid: "b",
      status: "retired",
      not_after: "2026-01-01T00:00:00Z",
    });
    assert.equal(a, b);
    const other = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" });
    assert.notEqual(keyFingerprint(other), a);
  });

  it("refuses what is not an Ed25519 public JWK with a TypeError, quickly even for huge values", () => {
    const jwk = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" });
    const bad: unknown[] = [
      null,
      "sha256:00",
      [],
      { ...jwk, crv: "X25519" },
      { ...jwk, kty: "EC" },
      { ...jwk, alg: "RS256" },
      { ...jwk, x: jwk.x + "A" },
      { ...jwk, x: jwk.x!.slice(0, -1) + "=" },
      { ...jwk, x: "A".repeat(2_000_000) },
      { ...jwk, x: 42 },
    ];
    for (const value of bad) assert.throws(() => keyFingerprint(value), TypeError);
  });

  it("refuses a non-canonical x whose unused low bits are set", () => {
    const jwk = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" });
    const last = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const i = last.indexOf(jwk.x!.at(-1)!);
    const twin = jwk.x!.slice(0, -1) + last[i ^ 1]; // same 32 bytes under a lax decoder
    assert.throws(() => keyFingerprint({ ...jwk, x: twin }), TypeError);
  });
});
