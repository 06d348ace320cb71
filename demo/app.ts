/**
 * The demo server: a Hono app that stands in for Keeptrusts (gateway and control plane) on loopback.
 * It implements `spec/openapi.json` for real, in memory: policies, decision events, a hash-chained
 * trail, Ed25519-signed digests with key rotation, scoped bearer tokens and cursor pagination.
 *
 * @module
 */
import { type Context, Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { createHash, createPublicKey, verify as verifySignature } from "node:crypto";
import spec from "../spec/openapi.json" with { type: "json" };
import { canonicalBytes, prng } from "./crypto.ts";
import {
  DemoStore,
  type DemoStoreOptions,
  type Digest,
  type Json,
  parseMicros,
  type PublicKeyJwk,
} from "./store.ts";

/** Options of {@linkcode createDemoApp}. */
export interface DemoAppOptions extends DemoStoreOptions {
  /** Seed this many historical events at startup. @default 0 */
  seedEvents?: number;
  /** Enables `POST /__demo/tamper` and `POST /__demo/claim-intact` (tests only). @default false */
  allowTamper?: boolean;
  /**
   * Fraction (0..1) of control-plane and gateway requests answered with a fault (429 with
   * `Retry-After`, or 503) before they are handled. @default 0
   */
  faultRate?: number;
}

/** The app and its state. */
export interface DemoApp {
  readonly app: Hono;
  readonly store: DemoStore;
  /** Sets the fault rate at run time. */
  setFaultRate(rate: number): void;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

type Env = { Variables: { requestId: string; scopes: Set<string>; user: string } };

const GATEWAY_PATHS = new Set([
  "/v1/chat/completions",
  "/v1/responses",
  "/v1/embeddings",
  "/v1/models",
]);

function b64urlEncode(text: string): string {
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function b64urlDecode(text: string): string {
  return atob(text.replaceAll("-", "+").replaceAll("_", "/"));
}

function encodeCursor(kind: string, index: number): string {
  return b64urlEncode(`${kind}:${index}`);
}

function decodeCursor(kind: string, cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  let text: string;
  try {
    text = b64urlDecode(cursor);
  } catch {
    throw new HttpError(
      400,
      "invalid_request",
      "bad_cursor",
      "cursor is not valid for this listing",
    );
  }
  const m = /^([a-z]+):(\d+)$/.exec(text);
  if (!m || m[1] !== kind) {
    throw new HttpError(
      400,
      "invalid_request",
      "bad_cursor",
      "cursor is not valid for this listing",
    );
  }
  return Number(m[2]);
}

function limitOf(c: Context): number {
  const raw = c.req.query("limit");
  if (raw === undefined) return 50;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 1000) {
    throw new HttpError(
      422,
      "validation_error",
      "invalid_parameter",
      "limit must be an integer between 1 and 1000",
    );
  }
  return n;
}

function timeOf(c: Context, name: string): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined) return undefined;
  const us = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(raw)
    ? parseMicros(raw)
    : NaN;
  if (Number.isNaN(us)) {
    throw new HttpError(
      422,
      "validation_error",
      "invalid_parameter",
      `${name} must be an RFC 3339 date-time`,
    );
  }
  return us;
}

function seqOf(c: Context, name: string): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new HttpError(
      422,
      "validation_error",
      "invalid_parameter",
      `${name} must be a positive integer`,
    );
  }
  return Number(raw);
}

function requireScope(c: Context<Env>, scope: string): void {
  if (!c.get("scopes").has(scope)) {
    throw new HttpError(
      403,
      "permission_error",
      "missing_scope",
      `this route requires the ${scope} scope`,
    );
  }
}

async function jsonBody(c: Context): Promise<Json> {
  try {
    return await c.req.json();
  } catch {
    throw new HttpError(
      400,
      "invalid_request",
      "invalid_json",
      "the request body is not valid JSON",
    );
  }
}

function verifyDigest(digest: Digest, key: PublicKeyJwk | undefined): boolean {
  if (!key) return false;
  const t = parseMicros(digest.created_at);
  if (
    t < parseMicros(key.not_before) || (key.not_after !== null && t >= parseMicros(key.not_after))
  ) return false;
  const { signature, ...body } = digest;
  try {
    const publicKey = createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: key.x },
      format: "jwk",
    });
    return verifySignature(
      null,
      canonicalBytes(body),
      publicKey,
      Buffer.from(signature, "base64url"),
    );
  } catch {
    return false;
  }
}

/** Text of an OpenAI message `content` (a string or an array of parts). */
function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((
      p,
    ) => (p && typeof p === "object" && typeof p.text === "string" ? p.text : "")).join("");
  }
  return "";
}

/** Creates the demo app. */
export function createDemoApp(options: DemoAppOptions = {}): DemoApp {
  const store = new DemoStore(options);
  if (options.seedEvents) store.seedHistory(options.seedEvents);
  let faultRate = options.faultRate ?? 0;
  const faultRand = prng((options.seed ?? 42) ^ 0x5eed);
  const app = new Hono<Env>();

  app.onError((err, c) => {
    const requestId = c.get("requestId") ?? crypto.randomUUID();
    const e = err instanceof HttpError ? err : new HttpError(
      500,
      "internal_error",
      "internal",
      "the demo server failed to handle the request",
    );
    if (!(err instanceof HttpError)) console.error("demo server error:", err);
    for (const [k, v] of Object.entries(e.extra)) if (k !== "x-policy") c.header(k, v);
    c.header("x-request-id", requestId);
    const body: Json = {
      error: { type: e.type, code: e.code, message: e.message, request_id: requestId },
    };
    if (e.extra["x-policy"]) body.error.policy = e.extra["x-policy"];
    return c.json(body, e.status as 400);
  });
  app.notFound((c) => {
    throw new HttpError(
      404,
      "not_found",
      "route_not_found",
      `no route ${c.req.method} ${new URL(c.req.url).pathname}`,
    );
  });

  // Request id: echo the caller's, or make one.
  app.use("*", async (c, next) => {
    const given = c.req.header("x-request-id");
    const requestId = given && given.length <= 256 ? given : crypto.randomUUID();
    c.set("requestId", requestId);
    await next();
    c.header("x-request-id", requestId);
  });

  // Fault layer (off by default): answers a fraction of requests with 429 or 503.
  app.use("/v1/*", async (_c, next) => {
    if (faultRate > 0 && faultRand() < faultRate) {
      if (faultRand() < 0.5) {
        throw new HttpError(429, "rate_limit", "too_many_requests", "demo fault: slow down", {
          "retry-after": "0",
        });
      }
      throw new HttpError(
        503,
        "internal_error",
        "unavailable",
        "demo fault: temporarily unavailable",
      );
    }
    await next();
  });

  // Bearer authentication on every /v1 route.
  app.use("/v1/*", async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const entry = m ? store.authenticate(m[1]) : undefined;
    if (!entry) {
      throw new HttpError(
        401,
        "authentication_error",
        "invalid_token",
        "a valid bearer token is required",
      );
    }
    entry.info.last_used_at = store.timestamp();
    c.set("scopes", new Set(entry.info.scopes));
    c.set("user", entry.user);
    if (GATEWAY_PATHS.has(c.req.path)) requireScope(c, "gateway:invoke");
    await next();
  });

  app.get("/openapi.json", (c) => c.json(spec));

  app.get("/health", (c) =>
    c.json({
      status: "healthy",
      uptime_seconds: Math.round((Date.now() - store.startedAt) / 1000),
      version: "demo-0.1.0",
      providers: { "local-echo": "reachable" },
      policies_loaded: 3,
      requests_processed: store.requestsProcessed,
      cache: { entries: 0, hit_rate_pct: 0 },
    }));

  // ---- Gateway -------------------------------------------------------------------------------

  app.get("/v1/models", (c) =>
    c.json({
      object: "list",
      data: ["gpt-4o", "gpt-4o-mini", "gpt-5.4-mini"].map((id) => ({
        id,
        object: "model",
        created: 1717200000,
        owned_by: "keeptrusts-demo",
      })),
    }));

  function gatewayDecision(c: Context<Env>, model: unknown, texts: string[]) {
    if (typeof model !== "string" || model === "") {
      throw new HttpError(422, "validation_error", "invalid_model", "model is required");
    }
    const agentId = c.req.header("x-keeptrusts-agent-id") ?? null;
    const traceparent = c.req.header("traceparent") ?? null;
    const result = store.decide({
      requestId: c.get("requestId"),
      agentId,
      traceparent,
      model,
      texts,
      userId: c.req.header("x-user-id") ?? null,
    });
    c.header("x-keeptrusts-event-id", result.event.event_id);
    c.header("x-keeptrusts-verdict", result.event.verdict);
    if (result.decision.verdict === "block") {
      throw new HttpError(
        409,
        "policy_violation",
        "input_blocked",
        "the request was blocked by policy prompt-injection",
        {
          "x-should-retry": "false",
          "x-policy": result.decision.policy ?? "",
          "x-keeptrusts-event-id": result.event.event_id,
          "x-keeptrusts-verdict": "block",
        },
      );
    }
    return result;
  }

  app.post("/v1/chat/completions", async (c) => {
    const body = await jsonBody(c);
    if (!Array.isArray(body?.messages) || body.messages.length === 0) {
      throw new HttpError(
        422,
        "validation_error",
        "invalid_messages",
        "messages must be a non-empty array",
      );
    }
    const texts = body.messages.filter((m: Json) => m?.role === "user").map((m: Json) =>
      contentText(m.content)
    );
    const { reply, inputTokens, outputTokens, event } = gatewayDecision(
      c,
      body.model,
      texts.length ? texts : [""],
    );
    const id = `chatcmpl-${event.event_id}`;
    const created = Math.floor(Date.now() / 1000);
    const usage = {
      prompt_tokens: inputTokens,
      completion_tokens: outputTokens,
      total_tokens: inputTokens + outputTokens,
    };
    const text = reply!.text;
    if (body.stream === true) {
      return streamSSE(c, async (stream) => {
        const chunk = (delta: Json, finish: string | null, extra: Json = {}) =>
          stream.writeSSE({
            data: JSON.stringify({
              id,
              object: "chat.completion.chunk",
              created,
              model: body.model,
              choices: [{ index: 0, delta, finish_reason: finish }],
              ...extra,
            }),
          });
        await chunk({ role: "assistant", content: "" }, null);
        for (const piece of text.match(/\S+\s*/g) ?? [text]) await chunk({ content: piece }, null);
        await chunk({}, "stop");
        if (body.stream_options?.include_usage) {
          await stream.writeSSE({
            data: JSON.stringify({
              id,
              object: "chat.completion.chunk",
              created,
              model: body.model,
              choices: [],
              usage,
            }),
          });
        }
        await stream.writeSSE({ data: "[DONE]" });
      });
    }
    // Tools: when the caller offers functions and has not answered one yet, the local model calls
    // the first one with the (redacted) prompt as its argument.
    const fn = Array.isArray(body.tools)
      ? body.tools.find((t: Json) => t?.type === "function" && typeof t.function?.name === "string")
      : undefined;
    const answeredTool = body.messages.some((m: Json) => m?.role === "tool");
    if (fn && !answeredTool && body.stream !== true) {
      return c.json({
        id,
        object: "chat.completion",
        created,
        model: body.model,
        choices: [{
          index: 0,
          message: {
            role: "assistant",
            content: null,
            refusal: null,
            tool_calls: [{
              id: `call_${event.event_id}`,
              type: "function",
              function: {
                name: fn.function.name,
                arguments: JSON.stringify({ query: text.replace(/^Echo: /, "") }),
              },
            }],
          },
          logprobs: null,
          finish_reason: "tool_calls",
        }],
        usage,
      });
    }
    return c.json({
      id,
      object: "chat.completion",
      created,
      model: body.model,
      choices: [{
        index: 0,
        message: { role: "assistant", content: text, refusal: null },
        logprobs: null,
        finish_reason: "stop",
      }],
      usage,
    });
  });

  app.post("/v1/embeddings", async (c) => {
    const body = await jsonBody(c);
    const inputs: unknown[] = typeof body?.input === "string"
      ? [body.input]
      : Array.isArray(body?.input)
      ? body.input
      : [];
    if (inputs.length === 0 || !inputs.every((i) => typeof i === "string")) {
      throw new HttpError(
        422,
        "validation_error",
        "invalid_input",
        "input must be a string or an array of strings",
      );
    }
    const { decision, inputTokens } = gatewayDecision(c, body.model, inputs as string[]);
    // A deterministic 8-dimensional vector per (redacted) input.
    const data = decision.texts.map((text, index) => {
      const digest = createHash("sha256").update(text).digest();
      const vector = Float32Array.from({ length: 8 }, (_, i) => (digest[i] - 128) / 128);
      const embedding = body.encoding_format === "base64"
        ? Buffer.from(vector.buffer).toString("base64")
        : Array.from(vector);
      return { object: "embedding", index, embedding };
    });
    return c.json({
      object: "list",
      data,
      model: body.model,
      usage: { prompt_tokens: inputTokens, total_tokens: inputTokens },
    });
  });

  app.post("/v1/responses", async (c) => {
    const body = await jsonBody(c);
    let texts: string[];
    if (typeof body?.input === "string") texts = [body.input];
    else if (Array.isArray(body?.input)) {
      texts = body.input.filter((m: Json) => (m?.role ?? "user") === "user").map((m: Json) =>
        contentText(m.content)
      );
    } else {throw new HttpError(
        422,
        "validation_error",
        "invalid_input",
        "input must be a string or an array",
      );}
    const { reply, inputTokens, outputTokens, event } = gatewayDecision(
      c,
      body.model,
      texts.length ? texts : [""],
    );
    const createdAt = Math.floor(Date.now() / 1000);
    const id = `resp_${event.event_id}`;
    const msgId = `msg_${event.event_id}`;
    const text = reply!.text;
    const usage = {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: inputTokens + outputTokens,
    };
    const part = { type: "output_text", text, annotations: [] };
    const item = {
      type: "message",
      id: msgId,
      status: "completed",
      role: "assistant",
      content: [part],
    };
    const response = (status: string, output: Json[], withUsage: boolean) => ({
      id,
      object: "response",
      created_at: createdAt,
      status,
      model: body.model,
      output,
      parallel_tool_calls: true,
      tool_choice: "auto",
      tools: [],
      error: null,
      incomplete_details: null,
      instructions: null,
      metadata: {},
      temperature: null,
      top_p: null,
      usage: withUsage ? usage : null,
    });
    if (body.stream === true) {
      return streamSSE(c, async (stream) => {
        let seq = 0;
        const send = (type: string, data: Json) =>
          stream.writeSSE({
            event: type,
            data: JSON.stringify({ type, sequence_number: seq++, ...data }),
          });
        await send("response.created", { response: response("in_progress", [], false) });
        await send("response.output_item.added", {
          output_index: 0,
          item: { ...item, status: "in_progress", content: [] },
        });
        await send("response.content_part.added", {
          item_id: msgId,
          output_index: 0,
          content_index: 0,
          part: { ...part, text: "" },
        });
        for (const delta of text.match(/\S+\s*/g) ?? [text]) {
          await send("response.output_text.delta", {
            item_id: msgId,
            output_index: 0,
            content_index: 0,
            delta,
            logprobs: [],
          });
        }
        await send("response.output_text.done", {
          item_id: msgId,
          output_index: 0,
          content_index: 0,
          text,
          logprobs: [],
        });
        await send("response.content_part.done", {
          item_id: msgId,
          output_index: 0,
          content_index: 0,
          part,
        });
        await send("response.output_item.done", { output_index: 0, item });
        await send("response.completed", { response: response("completed", [item], true) });
      });
    }
    return c.json(response("completed", [item], true));
  });

  // ---- Control plane ---------------------------------------------------------------------------

  app.get("/v1/whoami", (c) => {
    const header = c.req.header("authorization")!;
    const entry = store.authenticate(header.replace(/^Bearer\s+/i, ""))!;
    return c.json({
      user: entry.user,
      org_id: "org_demo",
      org_name: "Demo Org",
      project_id: "prj_demo",
      role: entry.info.scopes.includes("tokens:write") ? "admin" : "viewer",
      token_id: entry.info.token_id,
      purpose: entry.info.purpose,
      scopes: entry.info.scopes,
    });
  });

  app.get("/v1/events", (c) => {
    requireScope(c, "events:read");
    const since = timeOf(c, "since");
    const until = timeOf(c, "until");
    const agentId = c.req.query("agent_id");
    const requestId = c.req.query("request_id");
    const verdict = c.req.query("verdict");
    const limit = limitOf(c);
    let i = decodeCursor("evt", c.req.query("cursor"));
    const events: Json[] = [];
    const all = store.events;
    for (; i < all.length && events.length < limit; i++) {
      const e = all[i];
      if (agentId !== undefined && e.agent_id !== agentId) continue;
      if (requestId !== undefined && e.request_id !== requestId) continue;
      if (verdict !== undefined && e.verdict !== verdict) continue;
      if (since !== undefined || until !== undefined) {
        const t = parseMicros(e.created_at);
        if (since !== undefined && t < since) continue;
        if (until !== undefined && t >= until) continue;
      }
      events.push(DemoStore.listRow(e));
    }
    return c.json({ events, next_cursor: i < all.length ? encodeCursor("evt", i) : null });
  });

  app.get("/v1/events/:event_id", (c) => {
    requireScope(c, "events:read");
    const event = store.eventsById.get(c.req.param("event_id"));
    if (!event) throw new HttpError(404, "not_found", "event_not_found", "no such event");
    return c.json(event);
  });

  app.get("/v1/trail/records", (c) => {
    requireScope(c, "trail:read");
    const start = timeOf(c, "start_time");
    const end = timeOf(c, "end_time");
    const fromSeq = seqOf(c, "from_seq") ?? 1;
    const toSeq = seqOf(c, "to_seq") ?? Number.MAX_SAFE_INTEGER;
    const limit = limitOf(c);
    let i = Math.max(decodeCursor("rec", c.req.query("cursor")), fromSeq - 1);
    const records: Json[] = [];
    const all = store.records;
    for (; i < all.length && records.length < limit && all[i].seq <= toSeq; i++) {
      const r = all[i];
      if (start !== undefined || end !== undefined) {
        const t = parseMicros(r.created_at);
        if (start !== undefined && t < start) continue;
        if (end !== undefined && t >= end) continue;
      }
      records.push(r);
    }
    const more = i < all.length && all[i].seq <= toSeq;
    return c.json({ records, next_cursor: more ? encodeCursor("rec", i) : null });
  });

  app.get("/v1/trail/digests", (c) => {
    requireScope(c, "trail:read");
    const start = timeOf(c, "start_time");
    const end = timeOf(c, "end_time");
    const limit = limitOf(c);
    let i = decodeCursor("dig", c.req.query("cursor"));
    const digests: Json[] = [];
    for (; i < store.digests.length && digests.length < limit; i++) {
      const d = store.digests[i];
      if (start !== undefined && parseMicros(d.end_time) < start) continue;
      if (end !== undefined && parseMicros(d.start_time) >= end) continue;
      digests.push(d);
    }
    return c.json({
      digests,
      next_cursor: i < store.digests.length ? encodeCursor("dig", i) : null,
    });
  });

  app.get("/v1/trail/digests/:digest_id", (c) => {
    requireScope(c, "trail:read");
    const digest = store.digests.find((d) => d.digest_id === c.req.param("digest_id"));
    if (!digest) throw new HttpError(404, "not_found", "digest_not_found", "no such digest");
    return c.json(digest);
  });

  app.get("/v1/trail/public-keys", (c) => {
    requireScope(c, "trail:read");
    return c.json({ keys: store.keys });
  });

  app.get("/v1/trail/public-keys/:kid", (c) => {
    requireScope(c, "trail:read");
    const kid = c.req.param("kid");
    const key = kid === "current"
      ? store.keys.find((k) => k.status === "active")
      : store.keys.find((k) => k.kid === kid);
    if (!key) throw new HttpError(404, "not_found", "key_not_found", "no such key");
    return c.json(key);
  });

  app.get("/v1/trail/verify", (c) => {
    requireScope(c, "trail:read");
    const start = timeOf(c, "start_time") ?? 0;
    const end = timeOf(c, "end_time") ?? Number.MAX_SAFE_INTEGER;
    const deep = c.req.query("deep_verify");
    if (deep !== undefined && deep !== "true" && deep !== "false") {
      throw new HttpError(
        422,
        "validation_error",
        "invalid_parameter",
        "deep_verify must be true or false",
      );
    }
    return c.json(store.verify(start, end, verifyDigest));
  });

  async function idempotent(
    c: Context<Env>,
    scope: string,
    create: (body: Json) => { status: number; body: Json },
  ) {
    const body = await jsonBody(c);
    const key = c.req.header("idempotency-key");
    const fingerprint = `${scope}:${JSON.stringify(body)}`;
    if (key !== undefined) {
      const seen = store.idempotency.get(`${scope}:${key}`);
      if (seen) {
        if (seen.fingerprint !== fingerprint) {
          throw new HttpError(
            409,
            "conflict",
            "idempotency_key_reused",
            "this Idempotency-Key was used with a different body",
          );
        }
        c.header("idempotent-replayed", "true");
        return c.json(seen.body, seen.status as 201);
      }
    }
    const result = create(body);
    if (key !== undefined) store.idempotency.set(`${scope}:${key}`, { fingerprint, ...result });
    return c.json(result.body, result.status as 201);
  }

  const NAME = /^[a-z0-9][a-z0-9-]{1,62}$/;
  const SCOPE = /^[a-z_]+:[a-z_*]+$/;

  app.post("/v1/service-accounts", (c) => {
    requireScope(c, "service_accounts:write");
    return idempotent(c, "sa", (body) => {
      if (typeof body?.name !== "string" || !NAME.test(body.name)) {
        throw new HttpError(
          422,
          "validation_error",
          "invalid_name",
          "name must be 2-63 lowercase letters, digits or dashes",
        );
      }
      if (
        !Array.isArray(body.scopes) || body.scopes.length === 0 ||
        !body.scopes.every((s: unknown) => typeof s === "string" && SCOPE.test(s))
      ) {
        throw new HttpError(
          422,
          "validation_error",
          "invalid_scopes",
          "scopes must be a non-empty array of resource:action strings",
        );
      }
      if ([...store.serviceAccounts.values()].some((sa) => sa.name === body.name)) {
        throw new HttpError(
          409,
          "conflict",
          "name_taken",
          `a service account named ${body.name} exists`,
        );
      }
      const account = {
        service_account_id: store.nextId("sa"),
        name: body.name,
        scopes: [...body.scopes],
        purpose: "integration",
        created_at: store.timestamp(),
      };
      store.serviceAccounts.set(account.service_account_id, account);
      const { secret } = store.createToken(
        `sa:${body.name}`,
        account.scopes,
        "integration",
        null,
        `sa:${body.name}`,
      );
      return { status: 201, body: { service_account: account, token: secret } };
    });
  });

  app.get("/v1/tokens", (c) => {
    requireScope(c, "tokens:read");
    const type = c.req.query("type");
    const limit = limitOf(c);
    const all = [...store.tokens.values()].map((t) => t.info).filter((t) =>
      type === undefined || t.token_type === type
    );
    const start = decodeCursor("tok", c.req.query("cursor"));
    const page = all.slice(start, start + limit);
    return c.json({
      tokens: page,
      next_cursor: start + limit < all.length ? encodeCursor("tok", start + limit) : null,
    });
  });

  app.post("/v1/tokens", (c) => {
    requireScope(c, "tokens:write");
    return idempotent(c, "tok", (body) => {
      if (typeof body?.name !== "string" || body.name.length === 0 || body.name.length > 128) {
        throw new HttpError(
          422,
          "validation_error",
          "invalid_name",
          "name must be 1-128 characters",
        );
      }
      if (
        !Array.isArray(body.scopes) ||
        !body.scopes.every((s: unknown) => typeof s === "string" && SCOPE.test(s))
      ) {
        throw new HttpError(
          422,
          "validation_error",
          "invalid_scopes",
          "scopes must be resource:action strings",
        );
      }
      const days = body.expires_in_days ?? null;
      if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= 3650)) {
        throw new HttpError(
          422,
          "validation_error",
          "invalid_expiry",
          "expires_in_days must be 1-3650",
        );
      }
      const created = store.createToken(
        body.name,
        body.scopes,
        body.purpose ?? null,
        days,
        c.get("user"),
      );
      if (body.token_type === "gateway") created.token.token_type = "gateway";
      return { status: 201, body: created };
    });
  });

  app.delete("/v1/tokens/:token_id", (c) => {
    requireScope(c, "tokens:write");
    const entry = [...store.tokens.values()].find((t) =>
      t.info.token_id === c.req.param("token_id")
    );
    if (!entry) throw new HttpError(404, "not_found", "token_not_found", "no such token");
    entry.info.revoked_at ??= store.timestamp();
    return c.json(entry.info);
  });

  const WINDOWS: Record<string, number> = {
    "1h": 3600,
    "6h": 21600,
    "24h": 86400,
    "7d": 604800,
    "30d": 2592000,
  };

  app.post("/v1/exports/jobs", (c) => {
    requireScope(c, "exports:write");
    return idempotent(c, "exp", (body) => {
      if (!["events", "traces", "escalations", "audit-log"].includes(body?.type)) {
        throw new HttpError(
          422,
          "validation_error",
          "invalid_type",
          "type must be events, traces, escalations or audit-log",
        );
      }
      if (!["json", "csv"].includes(body.format)) {
        throw new HttpError(
          422,
          "validation_error",
          "invalid_format",
          "format must be json or csv",
        );
      }
      let from = 0;
      let to = Number.MAX_SAFE_INTEGER;
      if (body.time_window !== undefined) {
        const s = WINDOWS[body.time_window];
        if (!s) {
          throw new HttpError(
            422,
            "validation_error",
            "invalid_window",
            "time_window must be 1h, 6h, 24h, 7d or 30d",
          );
        }
        to = parseMicros(store.timestamp());
        from = to - s * 1_000_000;
      } else {
        if (body.date_from !== undefined) from = parseMicros(body.date_from);
        if (body.date_to !== undefined) to = parseMicros(body.date_to);
        if (Number.isNaN(from) || Number.isNaN(to)) {
          throw new HttpError(
            422,
            "validation_error",
            "invalid_range",
            "date_from and date_to must be RFC 3339",
          );
        }
      }
      const rows = body.type === "events"
        ? store.events.filter((e) => {
          const t = parseMicros(e.created_at);
          return t >= from && t < to;
        }).map((e) => DemoStore.listRow(e))
        : [];
      let artifact: string;
      if (body.format === "json") artifact = JSON.stringify(rows);
      else {
        const cols = [
          "event_id",
          "request_id",
          "agent_id",
          "created_at",
          "verdict",
          "reason_code",
          "model",
          "input_tokens",
          "output_tokens",
          "cost_usd",
        ];
        const cell = (v: unknown) => {
          const s = v === null || v === undefined ? "" : String(v);
          return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
        };
        artifact = [
          cols.join(","),
          ...rows.map((r: Json) => cols.map((k) => cell(r[k])).join(",")),
        ].join("\r\n") + "\r\n";
      }
      const bytes = new TextEncoder().encode(artifact);
      const job = {
        job_id: store.nextId("exp"),
        type: body.type,
        format: body.format,
        status: "queued",
        created_at: store.timestamp(),
        completed_at: null,
        expires_at: null,
        size_bytes: null,
        sha256: null,
      };
      store.exportJobs.set(job.job_id, {
        job,
        readyAt: performance.now() + 20,
        artifact: bytes,
        contentType: body.format === "json" ? "application/json" : "text/csv; charset=utf-8",
      });
      return { status: 202, body: { ...job } };
    });
  });

  function exportJob(id: string) {
    const entry = store.exportJobs.get(id);
    if (!entry) throw new HttpError(404, "not_found", "export_not_found", "no such export job");
    if (entry.job.status !== "completed" && performance.now() >= entry.readyAt) {
      const completed = store.timestamp();
      Object.assign(entry.job, {
        status: "completed",
        completed_at: completed,
        expires_at: new Date(Date.parse(completed) + 7 * 86_400_000).toISOString(),
        size_bytes: entry.artifact!.length,
        sha256: createHash("sha256").update(entry.artifact!).digest("hex"),
      });
    } else if (entry.job.status === "queued") entry.job.status = "running";
    return entry;
  }

  app.get("/v1/exports/jobs/:job_id", (c) => {
    requireScope(c, "exports:read");
    return c.json(exportJob(c.req.param("job_id")).job);
  });

  app.get("/v1/exports/jobs/:job_id/download", (c) => {
    requireScope(c, "exports:read");
    const entry = exportJob(c.req.param("job_id"));
    if (entry.job.status !== "completed") {
      throw new HttpError(
        409,
        "conflict",
        "export_not_ready",
        `export job is ${entry.job.status}`,
        { "retry-after": "1" },
      );
    }
    return c.body(entry.artifact! as Uint8Array<ArrayBuffer>, 200, {
      "content-type": entry.contentType!,
    });
  });

  app.get("/v1/wallets/balance", (c) => {
    requireScope(c, "wallets:read");
    const spent = store.events.reduce((s, e) => s + e.event_cost_attribution.total_cost_usd, 0);
    const round = (n: number) => Math.round(n * 1e9) / 1e9;
    const balance = round(100 - spent);
    return c.json({
      currency: "USD",
      wallets: [{
        wallet_id: "wal_org_demo",
        scope: "organization",
        name: "Demo Org",
        currency: "USD",
        balance,
        reserved: 0,
        total_allocated: 100,
        total_spent: round(spent),
        status: balance <= 0 ? "depleted" : balance < 10 ? "low" : "healthy",
      }],
    });
  });

  // ---- Test-only tampering (off by default) ----------------------------------------------------
  if (options.allowTamper) {
    app.post("/__demo/tamper", async (c) => {
      const body = await jsonBody(c);
      const record = store.records[body.seq - 1];
      if (!record) throw new HttpError(404, "not_found", "record_not_found", "no such record");
      if (body.action === "delete") store.records.splice(body.seq - 1, 1);
      else (record as Json)[body.field] = body.value;
      return c.json({ ok: true });
    });
    app.post("/__demo/claim-intact", async (c) => {
      store.claimIntact = (await jsonBody(c)).enabled === true;
      return c.json({ ok: true });
    });
  }

  return {
    app: app as unknown as Hono,
    store,
    setFaultRate(rate: number) {
      faultRate = rate;
    },
  };
}
