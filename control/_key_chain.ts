/**
 * The keys a verification needs, fetched one by one: the signer of a digest, then back along its
 * endorsements until a pinned key (or a key already fetched, or the first key). One small request
 * per rotation since the pin instead of the whole key history.
 *
 * @module
 */
import { keyFingerprint } from "../evidence/mod.ts";
import type { PublicKey, TrustedKey } from "../evidence/types.ts";
import { KeeptrustsNotFoundError } from "../errors.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";
import { getPublicKey } from "./get_public_key.ts";

/** Most endorsements followed back from one signer. */
const MAX_HOPS = 10_000;

function fingerprintOf(key: unknown): string | undefined {
  try {
    return keyFingerprint(key);
  } catch {
    return undefined;
  }
}

/** Fetches and caches keys by kid, walking endorsements back to a pin. */
export class KeyChain {
  readonly #client: ControlPlaneClient;
  readonly #call: CallOptions;
  readonly #pinned = new Set<string>();
  readonly #byKid = new Map<string, PublicKey>();

  /**
   * @param client The client.
   * @param trustedKeys The caller's pins (already checked).
   * @param call Signal and timeout of the calls.
   */
  constructor(
    client: ControlPlaneClient,
    trustedKeys: readonly TrustedKey[] | undefined,
    call: CallOptions,
  ) {
    this.#client = client;
    this.#call = call;
    for (const pin of trustedKeys ?? []) {
      const fingerprint = typeof pin === "string" ? pin.toLowerCase() : fingerprintOf(pin);
      if (fingerprint !== undefined) this.#pinned.add(fingerprint);
    }
  }

  /** Every key fetched so far. */
  get keys(): PublicKey[] {
    return [...this.#byKid.values()];
  }

  /**
   * Fetches the key `kid` and its endorsers back to a pinned or known key.
   *
   * @param kid The signer's key id.
   */
  async reach(kid: string): Promise<void> {
    let next: unknown = kid;
    for (let hop = 0; hop < MAX_HOPS && typeof next === "string"; hop++) {
      if (this.#byKid.has(next)) return;
      let key: PublicKey;
      try {
        key = await getPublicKey(this.#client, { ...this.#call, kid: next });
      } catch (err) {
        // A kid that cannot be asked for, or no such key: the chain ends here, untrusted.
        if (err instanceof TypeError || err instanceof KeeptrustsNotFoundError) return;
        throw err;
      }
      this.#byKid.set(next, key);
      const fingerprint = fingerprintOf(key);
      if (this.#pinned.size === 0 || (fingerprint && this.#pinned.has(fingerprint))) return;
      next = (key.endorsement as { kid?: unknown } | null | undefined)?.kid;
    }
  }
}
