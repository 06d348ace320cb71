/**
 * A digest's signature: the key its `kid` names (one key, importable, trusted by pin or
 * endorsement), that key's validity at the digest's `created_at`, and the Ed25519 signature over
 * the canonical bytes of the digest without `signature`.
 *
 * @module
 */
import { base64UrlBytes } from "./_bytes.ts";
import { canonicalOrUndefined } from "./_canonical.ts";
import { ed25519Verify } from "./_ed25519.ts";
import { clip } from "./_failures.ts";
import { timestampMicros } from "./_time.ts";
import type { DigestResult, Shared } from "./_trail_check.ts";

/** The exact signed text of a digest: its canonical JSON without `signature`, if it has one. */
export function signedText(digest: Record<string, unknown>): string | undefined {
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(digest)) if (key !== "signature") body[key] = digest[key];
  return canonicalOrUndefined(body);
}

/** Reports a kid that is not trusted, once per kid. */
function untrusted(check: Shared, kid: string, digestId: string): void {
  if (check.untrustedReported.has(kid)) return;
  check.untrustedReported.add(kid);
  const why = check.ring.pinned
    ? "is neither pinned nor endorsed by a trusted key"
    : "cannot be trusted: no trustedKeys were given (pin the platform's key fingerprints)";
  check.log.add("untrusted_key", `key ${kid}, which signed digest ${digestId}, ${why}`, {
    kid,
    digest_id: digestId,
  });
}

/**
 * Checks the digest's key and signature; true when both hold and the key is trusted.
 *
 * @param check The shared state.
 * @param d The digest.
 */
export function checkSignature(check: Shared, d: DigestResult): boolean {
  const { digest, id } = d;
  const where = { digest_id: id };
  const key = check.ring.get(digest.kid);
  if (key === undefined) {
    check.log.add(
      "unknown_kid",
      `digest ${id} is signed by unknown key ${clip(digest.kid)}`,
      where,
    );
    return false;
  }
  if (key.conflict) return false; // reported once by the key ring
  check.used.add(key);
  const at = timestampMicros(digest.created_at);
  if (at === undefined) {
    check.log.add("malformed_digest", `digest ${id} has no RFC 3339 created_at`, where);
    return false;
  }
  if (!(key.notBefore <= at && at < key.notAfter)) {
    const message = `digest ${id} was created at ${
      clip(digest.created_at)
    }, outside the validity of key ${key.kid}`;
    check.log.add("key_not_valid", message, { ...where, kid: key.kid });
  }
  const signature = base64UrlBytes(digest.signature, 64);
  const text = signedText(digest);
  const verifier = check.ring.keyObject(key);
  if (signature === undefined) {
    check.log.add("bad_signature", `digest ${id}: the signature is not 64 base64url bytes`, where);
    return false;
  }
  if (text === undefined) {
    check.log.add("malformed_digest", `digest ${id} has no RFC 8785 form`, where);
    return false;
  }
  if (verifier === undefined || !ed25519Verify(verifier, text, signature)) {
    check.log.add(
      "bad_signature",
      `digest ${id}: the signature does not verify with key ${key.kid}`,
      {
        ...where,
        kid: key.kid,
      },
    );
    return false;
  }
  if (key.trustedBy === null) {
    untrusted(check, key.kid, id);
    return false;
  }
  return at >= key.notBefore && at < key.notAfter;
}
