/**
 * Fault injection: which requests the stand-in answers with a 429 or a 5xx before handling them,
 * so that retry code can be tested. Deterministic from the seed.
 *
 * @module
 */
import { prng } from "./crypto.ts";

/** The fault settings (the public `StandInFaults`, checked). */
export interface FaultSettings {
  rate: number;
  count: number;
  status: 429 | 500 | 502 | 503 | 504 | null;
  retryAfter: number | null;
  paths: readonly string[];
}

/** No faults. */
export const NO_FAULTS: FaultSettings = {
  rate: 0,
  count: 0,
  status: null,
  retryAfter: null,
  paths: ["/v1/"],
};

/** One injected fault. */
export interface Fault {
  status: 429 | 500 | 502 | 503 | 504;
  /** Seconds for `Retry-After`, when the answer carries one. */
  retryAfter: number | null;
}

/** Decides, request by request, whether to inject a fault. */
export class FaultPlan {
  #settings: FaultSettings = NO_FAULTS;
  #remaining = 0;
  readonly #rand: () => number;

  constructor(seed: number) {
    this.#rand = prng(seed ^ 0x5eed);
  }

  /** Replaces the settings (and restarts `count`). */
  set(settings: FaultSettings): void {
    this.#settings = settings;
    this.#remaining = settings.count;
  }

  /** The fault for a request to `path`, or undefined to handle it normally. */
  next(path: string): Fault | undefined {
    const s = this.#settings;
    if (!s.paths.some((p) => path.startsWith(p))) return undefined;
    if (this.#remaining > 0) this.#remaining--;
    else if (!(s.rate > 0 && this.#rand() < s.rate)) return undefined;
    const status = s.status ?? (this.#rand() < 0.5 ? 429 : 503);
    const retryAfter = s.retryAfter ?? (status === 429 ? 0 : null);
    return { status, retryAfter };
  }
}
