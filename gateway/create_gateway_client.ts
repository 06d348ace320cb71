/**
 * The governed-inference client: a real `OpenAI` instance routed through the Keeptrusts gateway.
 *
 * @module
 */
import type OpenAI from "openai";
import { envDenied, isPermissionDenied } from "../_shared/env.ts";
import { assertHeaderId } from "../_shared/header_values.ts";
import { checkOptions, misuse, typeOf } from "../_shared/options.ts";
import { isBrowserLike } from "../_shared/runtime.ts";
import { KeeptrustsConfigurationError } from "../errors.ts";
import { KeeptrustsGatewayOpenAI } from "./_gateway_openai.ts";
import type { KeeptrustsHeaders } from "./build_keeptrusts_headers.ts";
import { gatewayFetch } from "./_gateway_fetch.ts";
import { CONNECTION_OPTIONS, resolveSettings } from "./_settings.ts";

/**
 * The client returned by {@linkcode createGatewayClient}: the `openai` package's `OpenAI` class,
 * unchanged in API (`chat.completions`, `responses`, `embeddings`, streaming, tools, ...).
 */
export type GatewayClient = OpenAI;

/** The Responses API of a gateway client (`client.responses` of {@linkcode GatewayClient}). */
export type ResponsesClient = GatewayClient["responses"];

/** Default gateway URL: the local gateway (`kt gateway run`). */
export const DEFAULT_GATEWAY_URL = "http://localhost:41002/v1";

/** Options of {@linkcode createGatewayClient}. */
export interface GatewayClientOptions {
  /**
   * The gateway's OpenAI-style base URL, including `/v1` (a URL without it is refused with the
   * fix in the message).
   * @default {KEEPTRUSTS_GATEWAY_URL ?? "http://localhost:41002/v1"}
   */
  baseUrl?: string;
  /**
   * Gateway API key (a `purpose=general` token, or a pass-through provider key). Never logged,
   * never shown by `console.log(client)`. `OPENAI_API_KEY` is never read.
   * @default {KEEPTRUSTS_API_KEY ?? KEEPTRUSTS_API_TOKEN}
   */
  apiKey?: string;
  /**
   * Agent id sent as `x-keeptrusts-agent-id` on every request (attribution, per-agent policy).
   * @default {KEEPTRUSTS_AGENT_ID} header omitted when neither is set
   */
  agentId?: string;
  /**
   * Where the variables above are read when an option is omitted: a record such as a Workers
   * `env` with its bindings. When given, the process environment is not read at all.
   * @default {the process environment (`Deno.env`, `process.env`)}
   */
  env?: Readonly<Record<string, unknown>>;
  /**
   * Headers added to every request, such as `buildKeeptrustsHeaders({ requestId, agentId,
   * traceparent })`. A request id here is that client's id for every call (the platform then sees
   * all of them as one request); a `traceparent` here is continued (its trace id kept, a new parent
   * id per attempt). They may not set `authorization` (pass `apiKey`).
   */
  defaultHeaders?: Readonly<Record<string, string>> | KeeptrustsHeaders;
  /**
   * Trace context to continue when a call's own headers carry none: a string, or a function called
   * once per call (a function that throws starts a new trace). A valid value keeps its trace id and
   * every attempt gets a new parent id; an invalid one is ignored as a whole. When OpenTelemetry is
   * registered, its active span is the parent by default and each attempt is a client span.
   */
  traceparent?: string | (() => string | undefined | null);
  /** A `fetch` implementation to use instead of the global one. */
  fetch?: typeof fetch;
  /**
   * Retries of a failed call (connection errors, 408, 429, 5xx). Policy denials (409) and wallet
   * refusals (402) are never retried; a `Retry-After` over 60 s, or longer than the time left in
   * the attempt's `timeout`, fails the call at once instead of waiting.
   * @default {2}
   */
  maxRetries?: number;
  /**
   * Time limit of one attempt, in milliseconds (a `Retry-After` wait counts against it).
   * @default {600000}
   */
  timeout?: number;
  /**
   * Lets the client run in a browser page. Only do this with a key minted for browser use
   * (`purpose=general`, narrow bindings): anyone who can open the page can read it.
   * @default {false}
   */
  dangerouslyAllowBrowser?: boolean;
}

const KNOWN = [
  ...CONNECTION_OPTIONS,
  "defaultHeaders",
  "maxRetries",
  "timeout",
  "dangerouslyAllowBrowser",
];
const ACTION = "create gateway client";

function checkDefaultHeaders(defaultHeaders: unknown, agentId: string | undefined) {
  const type = typeOf(defaultHeaders);
  if (defaultHeaders !== undefined && type !== "object") {
    throw misuse(ACTION, `defaultHeaders must be an object, got ${type}`);
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(defaultHeaders ?? {})) {
    const lower = name.toLowerCase();
    if (/^(authorization|api-key)$/.test(lower)) {
      throw misuse(ACTION, `defaultHeaders may not set ${lower} (pass apiKey)`);
    }
    const field = `defaultHeaders[${JSON.stringify(name.slice(0, 64))}]`;
    assertHeaderId(
      field,
      value,
      ACTION,
      /^x-(request-id|keeptrusts-agent-id)$/.test(lower) ? 256 : 8192,
    );
    out[lower] = value;
  }
  // The agentId option wins over an agent id in defaultHeaders (the fetch wrapper sends it).
  if (agentId !== undefined) delete out["x-keeptrusts-agent-id"];
  return out;
}

/** An integer option of at least `min` (and at most `ms` milliseconds), or `undefined`. */
function checkCount(name: string, value: unknown, min: number, ms?: number): number | undefined {
  const n = value as number;
  if (value === undefined || (Number.isSafeInteger(n) && n >= min && !(n > ms!))) return n;
  throw new RangeError(
    `Cannot ${ACTION}: ${name} must be an integer of at least ${min}${
      ms ? ` and at most ${ms} ms (what timers can hold)` : ""
    }`,
  );
}

/**
 * Creates an `OpenAI` client that sends every request through the Keeptrusts gateway with the
 * canonical headers: `x-keeptrusts-agent-id`, `x-request-id` (the call's own when given, else a
 * fresh one per call that stays the same across that call's retries) and `traceparent` (a new
 * parent id per attempt; with OpenTelemetry registered, the id of the attempt's client span).
 *
 * @param options Gateway URL, API key, agent id and transport settings; omitted ones come from
 * `KEEPTRUSTS_GATEWAY_URL`, `KEEPTRUSTS_API_KEY` (else `KEEPTRUSTS_API_TOKEN`) and
 * `KEEPTRUSTS_AGENT_ID`, never from `OPENAI_*` variables.
 * @returns A real `OpenAI` instance.
 * @throws {KeeptrustsConfigurationError} when no API key is found (`missing_api_key`), the URL does
 * not end in `/v1` (`base_url_version`), Deno refuses to read a needed variable (`env_denied`), or
 * the code runs in a browser without `dangerouslyAllowBrowser` (`browser`).
 * @throws {TypeError} on an unknown option (the message names it and the right spelling), or a
 * malformed value: a URL that is not http(s), a key with white space, an agent id with a control
 * character. The API key never appears in a message.
 * @throws {RangeError} when `maxRetries` or `timeout` is out of range.
 *
 * @example Chat through a gateway
 * ```ts
 * import assert from "node:assert/strict";
 * import { createGatewayClient } from "@keeptrusts/client/gateway";
 *
 * // KEEPTRUSTS_GATEWAY_URL and KEEPTRUSTS_API_KEY come from the environment.
 * const client = createGatewayClient({ agentId: "agent-finance-assistant" });
 * const { data, response } = await client.chat.completions.create({
 *   model: "gpt-4o-mini",
 *   messages: [{ role: "user", content: "Summarize today's policy checks." }],
 * }).withResponse();
 * assert.match(data.choices[0].message.content ?? "", /Summarize today's policy checks/);
 * assert.ok(response.headers.get("x-request-id"));
 * ```
 *
 * @example Mistakes are caught before anything is sent
 * ```ts
 * import assert from "node:assert/strict";
 * import { createGatewayClient } from "@keeptrusts/client/gateway";
 *
 * assert.throws(
 *   () => createGatewayClient({ baseUrl: "https://gateway.example", apiKey: "k" }),
 *   { name: "KeeptrustsConfigurationError", message: /use https:\/\/gateway\.example\/v1/ },
 * );
 * // Options read from a file or written in plain JavaScript are checked too.
 * const fromConfigFile = JSON.parse('{ "agent_id": "agent-a" }');
 * assert.throws(() => createGatewayClient(fromConfigFile), {
 *   name: "TypeError",
 *   message: /unknown option "agent_id" \(did you mean "agentId"\?\)/,
 * });
 * ```
 */
export function createGatewayClient(options?: GatewayClientOptions): GatewayClient {
  const o = checkOptions(options, KNOWN, ACTION);
  const allowBrowser = o.dangerouslyAllowBrowser === true;
  if (!allowBrowser && isBrowserLike()) {
    throw new KeeptrustsConfigurationError(
      `Cannot ${ACTION} in a browser: anyone who opens the page can read the API key. With a key ` +
        "minted for browser use (purpose=general, narrow bindings), pass " +
        "createGatewayClient({ ..., dangerouslyAllowBrowser: true })",
      { code: "browser" },
    );
  }
  const { baseURL, apiKey, agentId, traceparent, fetch } = resolveSettings(
    o,
    ACTION,
    DEFAULT_GATEWAY_URL,
  );
  const defaultHeaders = checkDefaultHeaders(o.defaultHeaders, agentId);
  const maxRetries = checkCount("maxRetries", o.maxRetries, 0) ?? 2;
  const timeout = checkCount("timeout", o.timeout, 1, 2 ** 31 - 1);
  try {
    return new KeeptrustsGatewayOpenAI({
      apiKey,
      baseURL,
      // Explicit values for every OPENAI_* setting openai-node would otherwise read.
      adminAPIKey: null,
      organization: null,
      project: null,
      webhookSecret: null,
      logLevel: "warn",
      defaultHeaders,
      maxRetries,
      timeout,
      fetch: gatewayFetch(fetch),
      dangerouslyAllowBrowser: allowBrowser,
      keeptrustsTraceparent: traceparent,
      keeptrustsAgentId: agentId,
    });
  } catch (err) {
    if (!isPermissionDenied(err)) throw err;
    throw envDenied(
      ACTION,
      "OPENAI_CUSTOM_HEADERS",
      "the openai package reads it whenever a client is created; this SDK ignores its value",
      err,
    );
  }
}

/**
 * The name the platform's TypeScript quickstart uses for {@linkcode createGatewayClient}: the same
 * function, options and checks.
 *
 * @param options Gateway URL, API key, agent id and transport settings.
 * @returns A real `OpenAI` instance.
 * @throws {KeeptrustsConfigurationError} and {TypeError} as {@linkcode createGatewayClient} does.
 *
 * @example The documented quickstart
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildKeeptrustsHeaders, createKeeptrustsGatewayClient } from "@keeptrusts/client/gateway";
 *
 * const agentId = "agent-support-web";
 * const client = createKeeptrustsGatewayClient({
 *   agentId,
 *   // Documented consequence: this request id is the client's id for every call.
 *   defaultHeaders: buildKeeptrustsHeaders({ requestId: crypto.randomUUID(), agentId }),
 * });
 * const reply = await client.chat.completions.create({
 *   model: "gpt-4o-mini",
 *   messages: [{ role: "user", content: "Hello" }],
 * });
 * assert.equal(reply.choices[0].message.content, "Echo: Hello");
 * ```
 */
export const createKeeptrustsGatewayClient: (options?: GatewayClientOptions) => GatewayClient =
  createGatewayClient;

/**
 * Creates a gateway client scoped to the Responses API (`/v1/responses`), the route the platform
 * recommends for new work. Same options, headers and checks as {@linkcode createGatewayClient}.
 *
 * @param options Gateway URL, API key, agent id and transport settings.
 * @returns The `responses` resource of a gateway client (`create`, `stream`, `retrieve`, ...).
 * @throws {KeeptrustsConfigurationError} and {TypeError} as {@linkcode createGatewayClient} does.
 *
 * @example Ask through the Responses API
 * ```ts
 * import assert from "node:assert/strict";
 * import { createResponsesClient } from "@keeptrusts/client/gateway";
 *
 * const responses = createResponsesClient({ agentId: "agent-support-web" });
 * const response = await responses.create({ model: "gpt-4o-mini", input: "Hello" });
 * assert.equal(response.output_text, "Echo: Hello");
 * ```
 */
export function createResponsesClient(options?: GatewayClientOptions): ResponsesClient {
  return createGatewayClient(options).responses;
}
