/**
 * The fetch wrapper for OpenAI-compatible clients the lane does not build (the Vercel AI SDK,
 * LangChain). Their retries reach `fetch` as new requests: a request with the same URL and body
 * soon after a failure is taken as a retry of that call (same request id and trace, new parent
 * id), and a policy denial is answered again from memory instead of reaching the gateway again
 * (the AI SDK retries 409s). Private to the gateway lane.
 *
 * @module
 */
import {
  askedWait,
  type CallTrace,
  copy,
  isRefusal,
  isRetryable,
  newCallTrace,
  RETRY_AFTER_CAP_MS,
  send,
} from "./_gateway_fetch.ts";
import type { GatewaySettings } from "./_settings.ts";

interface Pending {
  readonly call: CallTrace;
  readonly until: number;
  readonly denial?: { status: number; headers: Headers; body: Uint8Array<ArrayBuffer> };
}
// A call's last failure, by URL and body (at most 64 calls, bodies up to 1 MiB).
const PENDING = new Map<string, Pending>();
const RETRY_WINDOW_MS = 120_000;
const DENIAL_WINDOW_MS = 10_000;

/** The key of a request: its URL and body; `undefined` for a body that is not a string. */
const keyOf = (url: string, body: unknown) =>
  typeof body === "string" && body.length <= 1 << 20 ? `${url}\n${body}` : undefined;

function remember(key: string | undefined, entry: Pending): void {
  if (key === undefined) return;
  for (const [k, e] of PENDING) if (e.until < Date.now() || PENDING.size >= 64) PENDING.delete(k);
  PENDING.set(key, entry);
}

/** The pending failure of this request's call, if any (nothing is computed while none is). */
function recall(key: string | undefined): Pending | undefined {
  const entry = key === undefined ? undefined : PENDING.get(key);
  if (!entry) return undefined;
  const live = entry.until >= Date.now();
  if (!live || !entry.denial) PENDING.delete(key!);
  return live ? entry : undefined;
}

/** The body of a small answer (a denial), read from a clone; `undefined` past 64 KiB. */
async function readSmall(r: Response): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const reader = r.clone().body?.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    if ((size += value.length) > 65_536) return void reader.cancel();
  }
  const out = new Uint8Array(size);
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

/** Wraps the settings' `fetch` for a foreign client. */
export function foreignFetch(settings: GatewaySettings): typeof fetch {
  return async (input, init = {}) => {
    const headers = new Headers(init.headers ?? (input as Request).headers);
    init = { ...init, headers };
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const key = () => keyOf(url, init.body);
    const pending = recall(PENDING.size ? key() : undefined);
    const denial = pending?.denial;
    if (denial) {
      return new Response(denial.body, { status: denial.status, headers: denial.headers });
    }
    const body = init.body;
    const call = pending?.call ?? newCallTrace(headers, settings.traceparent, {
      agentId: settings.agentId,
      // For the span only; clients write the model first (`{"model":"gpt-4o-mini",...`).
      model: typeof body === "string"
        ? /"model"\s*:\s*"([^"\\]{1,200})"/.exec(body.slice(0, 512))?.[1]
        : undefined,
    });
    let r: Response;
    try {
      r = await send(settings.fetch, input, init, headers, call, () => (pending ? 1 : 0));
    } catch (err) {
      const aborted = (err as Error)?.name === "AbortError" || init.signal?.aborted;
      if (!aborted) remember(key(), { call, until: Date.now() + RETRY_WINDOW_MS });
      throw err;
    }
    if (r.ok) return r;
    if (isRefusal(r.status)) {
      // `retry-after-ms: 0`: the AI SDK retries a 409 at once, and is answered from memory.
      const set = { "x-should-retry": "false", "retry-after-ms": "0" };
      const body = await readSmall(r);
      const saved = body && { status: r.status, headers: copy(r, null, set).headers, body };
      remember(key(), { call, until: Date.now() + DENIAL_WINDOW_MS, denial: saved });
      return copy(r, r.body, set);
    }
    if (isRetryable(r)) remember(key(), { call, until: Date.now() + RETRY_WINDOW_MS });
    return askedWait(r)! > RETRY_AFTER_CAP_MS ? copy(r, r.body, { "x-should-retry": "false" }) : r;
  };
}
