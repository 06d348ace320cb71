/**
 * `--trust` values: the verifier's anchors. A value is a fingerprint (`sha256:<hex>`, the SHA-256 of
 * the key's SPKI DER, what `openssl pkey -pubin -in key.pem -outform DER | sha256sum` prints) or a
 * file: a JWK, a JWKS (`{ "keys": [...] }`, the shape `pin --json` writes too), a JSON array of JWKs
 * and fingerprints, or a PEM public key. Private to the CLI.
 *
 * @module
 */
import { createPublicKey } from "node:crypto";
import { CliInputError } from "./_exit.ts";
import { readBoundedFile } from "./_files.ts";

/** An Ed25519 public key as a JWK, as the verifiers take it. */
export interface TrustedJwk {
  readonly kty: string;
  readonly crv: string;
  readonly x: string;
  readonly kid?: string;
}

/** A pin: a fingerprint or a JWK. */
export type TrustAnchor = string | TrustedJwk;

const FINGERPRINT = /^sha256:[0-9a-f]{64}$/;
const MAX_ANCHORS = 1000;
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Reads every `--trust` value into pins for the verifier; throws {@linkcode CliInputError}. */
export async function readTrustAnchors(values: readonly string[]): Promise<TrustAnchor[]> {
  const anchors: TrustAnchor[] = [];
  for (const value of values) {
    anchors.push(...await readOne(value));
    if (anchors.length > MAX_ANCHORS) {
      throw new CliInputError(`Cannot read --trust: more than ${MAX_ANCHORS} keys`);
    }
  }
  if (anchors.length === 0) {
    throw new CliInputError("Cannot verify: --trust names no key (see `pin --help`)", {
      kind: "usage",
    });
  }
  return anchors;
}

async function readOne(value: string): Promise<TrustAnchor[]> {
  if (/^sha256:/i.test(value)) {
    const pin = value.toLowerCase();
    if (!FINGERPRINT.test(pin)) {
      throw new CliInputError(
        "Cannot read --trust: a fingerprint is `sha256:` and 64 hex digits",
        { kind: "usage" },
      );
    }
    return [pin];
  }
  if (/^[0-9a-f]{64}$/i.test(value)) {
    throw new CliInputError(
      `Cannot read --trust: write a fingerprint as sha256:${value.toLowerCase()}`,
      { kind: "usage" },
    );
  }
  const bytes = await readBoundedFile(value, "trust file", 1024 * 1024);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new CliInputError(`Cannot read trust file ${value}: not UTF-8 text`);
  }
  if (text.includes("-----BEGIN")) return [pemToJwk(text, value)];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliInputError(`Cannot read trust file ${value}: neither JSON nor a PEM public key`);
  }
  return anchorsOf(json, value);
}

function anchorsOf(json: unknown, file: string): TrustAnchor[] {
  const items = Array.isArray(json)
    ? json
    : isObject(json) && Array.isArray(json.keys)
    ? json.keys
    : [json];
  return items.map((item, i) => {
    const where = `Cannot read trust file ${file}: key ${i + 1}`;
    if (typeof item === "string" && FINGERPRINT.test(item)) return item;
    if (!isObject(item)) throw new CliInputError(`${where} is neither a JWK nor a fingerprint`);
    if ("kty" in item) {
      if (item.kty !== "OKP" || item.crv !== "Ed25519" || typeof item.x !== "string") {
        throw new CliInputError(`${where} is not an Ed25519 public JWK`);
      }
      if ("d" in item) throw new CliInputError(`${where} is a private key; give its public half`);
      const kid = typeof item.kid === "string" ? { kid: item.kid } : {};
      return { kty: item.kty, crv: item.crv, x: item.x, ...kid };
    }
    if (typeof item.fingerprint === "string" && FINGERPRINT.test(item.fingerprint)) {
      return item.fingerprint;
    }
    throw new CliInputError(`${where} has neither kty nor a sha256: fingerprint`);
  });
}

function pemToJwk(text: string, file: string): TrustedJwk {
  if (text.includes("PRIVATE KEY")) {
    throw new CliInputError(`Cannot read trust file ${file}: a private key; give its public half`);
  }
  try {
    const jwk = createPublicKey(text).export({ format: "jwk" });
    if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519") throw new Error("not Ed25519");
    return { kty: jwk.kty, crv: jwk.crv, x: jwk.x! };
  } catch {
    throw new CliInputError(`Cannot read trust file ${file}: not an Ed25519 PEM public key`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
