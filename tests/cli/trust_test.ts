/** `--trust` values: fingerprints and key files read into pins, mistakes refused with a reason. */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTrustAnchors } from "../../cli/_trust.ts";
import { CliInputError } from "../../cli/_exit.ts";

let dir: string;
const { publicKey, privateKey } = generateKeyPairSync("ed25519");
const jwk = publicKey.export({ format: "jwk" });
const fingerprint = "sha256:" +
  createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex");

before(() => {
  dir = mkdtempSync(join(tmpdir(), "kt-cli-trust-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function refused(values: string[], pattern: RegExp): Promise<void> {
  await assert.rejects(readTrustAnchors(values), (err: unknown) => {
    assert.ok(err instanceof CliInputError);
    assert.match(err.message, pattern);
    return true;
  });
}

describe("readTrustAnchors()", () => {
  it("takes fingerprints as given, in lowercase", async () => {
    assert.deepEqual(
      await readTrustAnchors([fingerprint.toUpperCase().replace("SHA256", "sha256")]),
      [
        fingerprint,
      ],
    );
  });

  it("reads a JWK, a JWKS, a list, pin --json output and a PEM public key", async () => {
    const pub = { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
    assert.deepEqual(await readTrustAnchors([file("k.jwk.json", JSON.stringify(pub))]), [pub]);
    assert.deepEqual(await readTrustAnchors([file("k.jwks", JSON.stringify({ keys: [pub] }))]), [
      pub,
    ]);
    assert.deepEqual(
      await readTrustAnchors([file("l.json", JSON.stringify([fingerprint, pub]))]),
      [fingerprint, pub],
    );
    const pinOutput = { trust_on_first_use: true, keys: [{ kid: "k1", fingerprint }] };
    assert.deepEqual(await readTrustAnchors([file("pins.json", JSON.stringify(pinOutput))]), [
      fingerprint,
    ]);
    const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
    assert.deepEqual(await readTrustAnchors([file("k.pem", pem)]), [pub]);
  });

  it("refuses private keys, naming what to give instead", async () => {
    await refused(
      [file("p.pem", privateKey.export({ type: "pkcs8", format: "pem" }).toString())],
      /a private key/,
    );
    await refused(
      [file("p.jwk", JSON.stringify(privateKey.export({ format: "jwk" })))],
      /private key/,
    );
  });

  it("refuses malformed fingerprints and a bare hash, saying how to write one", async () => {
    await refused(["sha256:abc"], /64 hex digits/);
    await refused(
      ["ab".repeat(32)],
      new RegExp(`write a fingerprint as sha256:${"ab".repeat(32)}`),
    );
  });

  it("refuses files that hold no Ed25519 key, a missing file and an empty list", async () => {
    await refused(
      [file("rsa.json", JSON.stringify({ kty: "RSA", n: "x", e: "AQAB" }))],
      /not an Ed25519/,
    );
    await refused([file("junk.txt", "hello")], /neither JSON nor a PEM/);
    await refused([join(dir, "nope.json")], /no such file/);
    await refused([file("empty.json", "[]")], /names no key/);
  });
});
