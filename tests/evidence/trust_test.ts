import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { FailureLog } from "../../evidence/_failures.ts";
import { KeyRing, parsePins } from "../../evidence/_trust.ts";
import { keyFingerprint } from "../../evidence/key_fingerprint.ts";
import { endorse, keyChain, makeKey } from "./_keys.ts";

function ring(keys: unknown[], trustedKeys: unknown[]) {
  const log = new FailureLog();
  const keyRing = new KeyRing(keys, parsePins(trustedKeys, "verify"), log);
  const trust = (kid: string) => keyRing.get(kid)?.trustedBy;
  return { keyRing, trust, failures: log.list() };
}

describe("trust resolution", () => {
  it("trusts no served key without a pin, however well endorsed", () => {
    const chain = keyChain(3);
    const { trust, failures } = ring(chain.map((k) => k.jwk), []);
    assert.deepEqual(["key_1", "key_2", "key_3"].map(trust), [null, null, null]);
    assert.deepEqual(failures, []);
  });

  it("trusts a pinned key and every key reachable from it through valid endorsements", () => {
    const chain = keyChain(4);
    const { trust } = ring(chain.map((k) => k.jwk), [keyFingerprint(chain[0].jwk)]);
    assert.deepEqual(["key_1", "key_2", "key_3", "key_4"].map(trust), [
      "pin",
      "endorsement",
      "endorsement",
      "endorsement",
    ]);
  });

  it("does not trust keys before the pinned one: endorsements only run forward", () => {
    const chain = keyChain(3);
    const { trust } = ring(chain.map((k) => k.jwk), [keyFingerprint(chain[1].jwk)]);
    assert.deepEqual(["key_1", "key_2", "key_3"].map(trust), [null, "pin", "endorsement"]);
  });

  it("takes a pinned JWK as a key to verify with, even when the server does not serve it", () => {
    const chain = keyChain(2);
    const { trust } = ring([chain[1].jwk], [chain[0].jwk]);
    assert.deepEqual([trust("key_1"), trust("key_2")], ["pin", "endorsement"]);
  });

  it("accepts an upper-case fingerprint pin", () => {
    const key = makeKey("k");
    const pin = "sha256:" + keyFingerprint(key.jwk).slice(7).toUpperCase();
    assert.equal(ring([key.jwk], [pin]).trust("k"), "pin");
  });

  it("does not trust a rotated key served without an endorsement", () => {
    const [first] = keyChain(1);
    const rogue = makeKey("key_2", "2026-01-02T00:00:00Z");
    const { trust, failures } = ring([first.jwk, rogue.jwk], [keyFingerprint(first.jwk)]);
    assert.equal(trust("key_2"), null);
    assert.deepEqual(failures, []);
  });

  it("reports a bad endorsement signature and does not trust the key", () => {
    const chain = keyChain(2);
    const forged = { ...chain[1].jwk, x: makeKey("x").jwk.x }; // endorsement of other material
    const { trust, failures } = ring([chain[0].jwk, forged], [keyFingerprint(chain[0].jwk)]);
    assert.equal(trust("key_2"), null);
    assert.deepEqual(failures.map((f) => [f.code, f.kid]), [["bad_endorsement", "key_2"]]);
    assert.match(failures[0].reason, /does not verify with key key_1/);
  });

  it("reports an endorsement by a key that was not valid at the new key's not_before", () => {
    const old = makeKey("key_1", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");
    const late = endorse(makeKey("key_2", "2026-03-01T00:00:00Z"), old);
    const { trust, failures } = ring([old.jwk, late.jwk], [keyFingerprint(old.jwk)]);
    assert.equal(trust("key_2"), null);
    assert.match(failures[0].reason, /was not valid at its not_before/);
  });

  it("does not trust a key endorsed by a key the caller never trusted (a fresh key of a forger)", () => {
    const [first] = keyChain(1);
    const forger = makeKey("evil_1");
    const served = endorse(makeKey("evil_2", "2026-02-01T00:00:00Z"), forger);
    const { trust, failures } = ring([first.jwk, forger.jwk, served.jwk], [first.jwk]);
    assert.deepEqual([trust("evil_1"), trust("evil_2")], [null, null]);
    assert.deepEqual(failures, []);
  });

  it("refuses a kid that names two different keys, even when one is pinned", () => {
    const a = makeKey("key_1");
    const b = makeKey("key_1");
    const { trust, failures } = ring([a.jwk, b.jwk], [keyFingerprint(a.jwk)]);
    assert.equal(trust("key_1"), null);
    assert.deepEqual(failures.map((f) => f.code), ["key_conflict"]);
  });

  it("reports malformed served keys as bad_key without throwing", () => {
    const good = makeKey("ok");
    const keys: unknown[] = [
      null,
      "key",
      { ...good.jwk, kid: "huge", x: "A".repeat(2_000_000) },
      { ...good.jwk, kid: "\ud800" + "k".repeat(2_000_000) },
      { ...good.jwk, kid: "when", not_before: "yesterday" },
      { ...good.jwk, kid: 7 },
      { ...makeKey("e").jwk, endorsement: "signed" },
      good.jwk,
    ];
    const { trust, failures } = ring(keys, [keyFingerprint(good.jwk)]);
    assert.equal(trust("ok"), "pin");
    assert.deepEqual(failures.map((f) => f.code), [
      "bad_key",
      "bad_key",
      "bad_key",
      "bad_key",
      "bad_key",
      "bad_key",
      "bad_endorsement",
    ]);
    assert.ok(failures.every((f) => f.reason.length < 200 && (f.kid ?? "").length < 100));
  });

  it("follows a chain of 2,000 rotations without recursion", () => {
    const chain = keyChain(2000);
    const { trust } = ring(chain.map((k) => k.jwk).reverse(), [keyFingerprint(chain[0].jwk)]);
    assert.equal(trust("key_2000"), "endorsement");
  });

  it("names the bad entry of trustedKeys in a TypeError", () => {
    assert.throws(() => parsePins(["sha256:abc"], "verify"), /trustedKeys\[0\]/);
    assert.throws(() => parsePins("sha256:" + "0".repeat(64), "verify"), /must be an array/);
    assert.throws(() => parsePins([{ kty: "RSA" }], "verify"), TypeError);
  });
});
