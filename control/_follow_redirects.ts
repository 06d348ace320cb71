/**
 * One HTTP exchange with redirects followed by hand (`redirect: "manual"`), so that the rules are
 * the SDK's on every runtime: never from `https` to `http`, the bearer token only to the origin it
 * was given for (an export download's redirect to object storage goes without it), a 307/308 resends
 * the same method and a fresh copy of the body (which Node cannot do from a `Request`), and at most
 * five redirects. Each request is `fetch(url, init)` with the call's signal in `init`: a signal inside a
 * `new Request(...)` stops aborting on Node once garbage collection has run.
 *
 * @module
 */

/** What one exchange sends. */
export interface Exchange {
  readonly url: string;
  readonly method: string;
  /** Headers for the first origin; `authorization` and `idempotency-key` never leave it. */
  readonly headers: Headers;
  readonly body: Uint8Array | undefined;
  readonly signal: AbortSignal;
}

/** A redirect the SDK will not follow; `code` says why. */
export class RedirectRefused extends Error {
  /** `insecure_redirect`, `too_many_redirects` or `bad_redirect`. */
  readonly code: string;

  /**
   * @param message Why.
   * @param code The reason's code.
   */
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const ORIGIN_ONLY = ["authorization", "idempotency-key"];

/** Sends the exchange, following redirects; resolves with the first response that is not one. */
export async function fetchFollowing(
  fetchImpl: typeof fetch,
  exchange: Exchange,
): Promise<Response> {
  const origin = new URL(exchange.url).origin;
  let { url, method, body } = exchange;
  for (let redirects = 0;; redirects++) {
    const headers = new Headers(exchange.headers);
    if (new URL(url).origin !== origin) { for (const name of ORIGIN_ONLY) headers.delete(name); }
    if (body === undefined) headers.delete("content-type");
    const response = await fetchImpl(url, {
      method,
      headers,
      // A fresh copy per request: a runtime may take over (detach) the buffer it was given.
      body: body === undefined ? undefined : body.slice(),
      signal: exchange.signal,
      redirect: "manual",
    });
    if (!REDIRECTS.has(response.status)) return response;
    await response.body?.cancel().catch(() => {});
    const location = response.headers.get("location");
    let next: URL;
    try {
      if (location === null) throw new TypeError("no Location");
      next = new URL(location, url);
    } catch {
      throw new RedirectRefused(
        `a ${response.status} redirect without a usable Location`,
        "bad_redirect",
      );
    }
    if (next.protocol !== "https:" && next.protocol !== "http:") {
      throw new RedirectRefused(
        `a redirect to a ${next.protocol.slice(0, 16)} URL`,
        "bad_redirect",
      );
    }
    if (new URL(url).protocol === "https:" && next.protocol === "http:") {
      throw new RedirectRefused(
        "a redirect from https to http (the answer would travel unencrypted)",
        "insecure_redirect",
      );
    }
    if (redirects >= MAX_REDIRECTS) {
      throw new RedirectRefused(`more than ${MAX_REDIRECTS} redirects`, "too_many_redirects");
    }
    // As fetch does: 303 turns anything but GET/HEAD into a GET, 301/302 a POST; 307/308 keep both.
    const status = response.status;
    if (
      (status === 303 && method !== "GET" && method !== "HEAD") ||
      ((status === 301 || status === 302) && method === "POST")
    ) {
      method = "GET";
      body = undefined;
    }
    url = next.href;
  }
}
