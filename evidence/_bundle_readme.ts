/**
 * The `README.txt` of an evidence bundle: how an auditor checks it with `sha256sum`, `openssl`
 * and a short Python 3 standard-library script, without this SDK. The script sits between
 * `--- python3 ---` and `--- end ---` lines so that it can be copied (and the tests run it).
 *
 * @module
 */
import type { EvidenceBundle } from "./types.ts";

/** The inclusion-proof check of RFC 9162 section 2.1.3.2 in Python 3, standard library only. */
const PYTHON = `import hashlib, json
rec = json.load(open("record.json", encoding="utf-8"))
proof = json.load(open("inclusion-proof.json", encoding="utf-8"))
dig = json.load(open("digest.json", encoding="utf-8"))
h = lambda b: hashlib.sha256(b).digest()
body = {k: v for k, v in rec.items() if k != "hash"}
canon = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
assert h(canon.encode()).hex() == rec["hash"], "record.json does not hash to its hash"
event = open("event.json", "rb").read()
assert h(event).hex() == rec["payload_hash"], "event.json is not the payload_hash"
r = h(b"\\x00" + bytes.fromhex(rec["hash"]))
assert r.hex() == proof["leaf_hash"] and proof["seq"] == rec["seq"], "wrong leaf"
fn, sn = proof["seq"] - 1, proof["tree_size"] - 1
for p in map(bytes.fromhex, proof["audit_path"]):
    assert sn > 0, "audit path too long"
    if fn % 2 == 1 or fn == sn:
        r = h(b"\\x01" + p + r)
        while fn % 2 == 0 and fn != 0:
            fn, sn = fn >> 1, sn >> 1
    else:
        r = h(b"\\x01" + r + p)
    fn, sn = fn >> 1, sn >> 1
assert sn == 0 and proof["tree_size"] == dig["tree_size"], "audit path too short"
assert r.hex() == dig["root_hash"], "the audit path does not lead to the signed root"
print("record", rec["seq"], "is in the tree of", dig["tree_size"], "records signed by", dig["kid"])
`;

/**
 * The README text of a bundle.
 *
 * @param bundle The bundle.
 * @param fingerprint The signing key's fingerprint.
 */
export function bundleReadme(bundle: EvidenceBundle, fingerprint: string): string {
  const { record, digest } = bundle;
  return `Keeptrusts evidence bundle (format 2)
=====================================

Request:  ${bundle.request_id}
Event:    ${record.event_id}
Record:   seq ${record.seq} of the trail
Digest:   ${digest.digest_id}, a signed tree head of the first ${digest.tree_size} records
Key:      ${digest.kid}, fingerprint ${fingerprint}

Everything here can be checked with standard tools, without the SDK that wrote it.

1. File integrity:
     sha256sum -c SHA256SUMS

2. The key. Only a key you trust proves anything: anyone can sign with a key of their own. Compare
   its fingerprint with the one Keeptrusts publishes for your organisation (or the one you pinned):
     openssl pkey -pubin -in public-key.pem -outform DER | sha256sum
   It must print ${fingerprint.slice(7)}. A key introduced by rotation
   carries an endorsement by the key before it (public-key.jwk.json); the SDK's
   verifyEvidenceBundle(zip, { trustedKeys }) follows endorsements from your pins.

3. The signature: digest.payload holds the exact signed bytes (the RFC 8785 canonical JSON of
   digest.json without "signature"), digest.sig the raw 64-byte Ed25519 signature:
     openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in digest.payload -sigfile digest.sig
   It prints "Signature Verified Successfully". digest.created_at must lie inside the key's
   validity (not_before, not_after in public-key.jwk.json).

4. The decision event: event.json holds the event's RFC 8785 canonical bytes, so
     sha256sum event.json
   prints the payload_hash of record.json.

5. The record is in the signed tree: record.json's hash is the SHA-256 of its canonical JSON
   without "hash"; its Merkle leaf is SHA-256(0x00 || hash bytes); inclusion-proof.json's audit
   path leads from that leaf to digest.json's root_hash (RFC 9162 section 2.1.3.2). This Python 3
   script (standard library only) checks both, and event.json's hash; run it in this folder:

--- python3 ---
${PYTHON}--- end ---

manifest.json names the format and the files; verification.json is the report of the SDK's own
check when the bundle was written (a copy for reference: check the bundle yourself).
`;
}
