/**
 * The governed-inference client: a real `OpenAI` instance routed through the Keeptrusts gateway.
 *
 * @module
 */
import OpenAI from "openai";
import { normalizeBaseUrl } from "../_shared/base_url.ts";
import { readEnv } from "../_shared/env.ts";
import { assertHeaderId, assertSecret } from "../_shared/header_values.ts";
import { newRequestId } from "../_shared/runtime.ts";
import { AGENT_ID_HEADER, REQUEST_ID_HEADER, TRACEPARENT_HEADER } from "./headers.ts";
import { childTraceparent, newTraceId, parseTraceparent } from "./traceparent.ts";

/**
 * The client returned by {@linkcode createGatewayClient}: the `openai` package's `OpenAI` class,
 * unchanged in API (`chat.completions`, `responses`, `embeddings`, streaming, tools, ...).
 */
export type GatewayClient = OpenAI;

/**
 * The Responses API of a gateway client (`client.responses` of {@linkcode GatewayClient}).
 */
export type ResponsesClient = GatewayClient["responses"];

/** Default gateway URL: the local gateway (`kt gateway run`). */
export const DEFAULT_GATEWAY_URL = "http://localhost:41002/v1";

/** Options of {@linkcode createGatewayClient}. */
export interface GatewayClientOptions {
  /**
   * The gateway's OpenAI-style base URL, including `/v1`.
   * @default {process.env.KEEPTRUSTS_GATEWAY_URL ?? "http://localhost:41002/v1"}
   */
  baseUrl?: string;
  /**
   * Gateway API key (a `purpose=general` token, or a pass-through provider key). Never logged.
   * `OPENAI_API_KEY` is never read: traffic must not silently bypass the gateway.
   * @default {process.env.KEEPTRUSTS_API_KEY}
   */
  apiKey?: string;
  /**
   * Agent id sent as `x-keeptrusts-agent-id` on every request (attribution, per-agent policy).
   * @default {process.env.KEEPTRUSTS_AGENT_ID} header omitted when neither is set
   */
  agentId?: string;
  /**
   * Headers added to every request. They may not set `x-request-id` (it must differ per call; pass
   * it per call instead) or `authorization`.
   */
  defaultHeaders?: Record<string, string>;
  /**
   * Trace context to continue. A string, or a function called once per call (for example returning
   * OpenTelemetry's active span context). A valid value keeps its trace id and every attempt gets
   * a new parent id; an invalid or missing one starts a new trace per call. A `traceparent` passed
   * in a call's own headers wins over this option.
   */
  traceparent?: string | (() => string | undefined | null);
  /** A `fetch` implementation to use instead of the global one. */
  fetch?: typeof fetch;
  /**
   * Retries of a failed call (connection errors, 408, 429, 5xx). Policy denials (409) and wallet
   * refusals (402) are never retried.
   * @default {2}
   */
  maxRetries?: number;
  /**
   * Time limit of one attempt, in milliseconds.
   * @default {600000}
   */
  timeout?: number;
  /**
   * Lets the client run in a browser page. Only do this with a token minted for browser use
   * (`purpose=general`, narrow bindings): anyone who can open the page can read it.
   * @default {false}
   */
  dangerouslyAllowBrowser?: boolean;
}

interface CallState {
  requestId: string | undefined;
  traceId: string;
  traceFlags: string;
}

const FORBIDDEN_DEFAULT_HEADERS = new Set([REQUEST_ID_HEADER, "authorization"]);
const ACTION = "create gateway client";

/**
 * Wraps `fetch` so that policy denials (409) and wallet refusals (402) carry `x-should-retry: false`,
 * which openai-node honours before its own status rules (it would otherwise retry a 409): they give
 * the same answer however often they are asked.
 */
function noRetryOnRefusal(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (response.status !== 409 && response.status !== 402) return response;
    if (response.headers.get("x-should-retry") === "false") return response;
    const headers = new Headers(response.headers);
    headers.set("x-should-retry", "false");
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
}

type GatewayOpenAIOptions = NonNullable<ConstructorParameters<typeof OpenAI>[0]> & {
  keeptrustsTraceparent?: GatewayClientOptions["traceparent"];
};

/**
 * `OpenAI` with two hooks: per-call canonical headers and no retry of policy denials. The call's
 * options object is the same across its retries (openai-node passes it to every attempt), so state
 * keyed by it is per call.
 */
class KeeptrustsGatewayOpenAI extends OpenAI {
  #traceparent: GatewayClientOptions["traceparent"];
  #calls = new WeakMap<object, CallState>();

  constructor(options: GatewayOpenAIOptions) {
    // The traceparent source travels inside the options, so that `withOptions()` (which builds a
    // new instance from this one's options) keeps it.
    super(options);
    this.#traceparent = options.keeptrustsTraceparent;
  }

  protected override async prepareRequest(
    request: RequestInit,
    context: { url: string; options: object },
  ): Promise<void> {
    await super.prepareRequest(request, context as never);
    const headers = request.headers as Headers;
    const action = "send gateway request";
    let state = this.#calls.get(context.options);
    if (state === undefined) {
      state = this.#newCallState(headers.get(TRACEPARENT_HEADER));
      this.#calls.set(context.options, state);
    }
    const callerRequestId = headers.get(REQUEST_ID_HEADER);
    if (callerRequestId !== null) {
      assertHeaderId("x-request-id", callerRequestId, action);
    } else {
      state.requestId ??= newRequestId();
      headers.set(REQUEST_ID_HEADER, state.requestId);
    }
    const agentId = headers.get(AGENT_ID_HEADER);
    if (agentId !== null) assertHeaderId("x-keeptrusts-agent-id", agentId, action);
    headers.set(TRACEPARENT_HEADER, childTraceparent(state.traceId, state.traceFlags));
  }

  #newCallState(callerTraceparent: string | null): CallState {
    let source: string | undefined | null = callerTraceparent;
    if (source === null) {
      const option = this.#traceparent;
      source = typeof option === "function" ? option() : option;
    }
    const parsed = typeof source === "string" ? parseTraceparent(source) : undefined;
    return parsed
      ? { requestId: undefined, traceId: parsed.traceId, traceFlags: parsed.traceFlags }
      : { requestId: undefined, traceId: newTraceId(), traceFlags: "01" };
  }
}

function resolveDefaultHeaders(
  defaultHeaders: Record<string, string> | undefined,
  agentId: string | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (defaultHeaders !== undefined) {
    if (typeof defaultHeaders !== "object" || defaultHeaders === null) {
      throw new TypeError(`Cannot ${ACTION}: defaultHeaders must be an object`);
    }
    for (const [name, value] of Object.entries(defaultHeaders)) {
      const lower = name.toLowerCase();
      if (FORBIDDEN_DEFAULT_HEADERS.has(lower)) {
        throw new TypeError(
          `Cannot ${ACTION}: defaultHeaders may not set ${lower} (pass a request id per call)`,
        );
      }
      assertHeaderId(`defaultHeaders[${JSON.stringify(name.slice(0, 64))}]`, value, ACTION);
      out[lower] = value;
    }
  }
  if (agentId !== undefined) out[AGENT_ID_HEADER] = agentId;
  return out;
}

/**
 * Creates an `OpenAI` client that sends every request through the Keeptrusts gateway with the
 * canonical headers: `x-keeptrusts-agent-id`, `x-request-id` (the call's own when given, else a
 * fresh one per call that stays the same across that call's retries) and `traceparent` (a new
 * parent id per attempt).
 *
 * @param options Gateway URL, API key, agent id and transport settings.
 * @returns A real `OpenAI` instance.
 * @throws {TypeError} when `baseUrl` is missing or not http(s), the API key is missing or empty, or
 * an agent id or header value is empty, too long or contains control characters. The API key never
 * appears in the message.
 *
 * @example Chat through a gateway
 * ```ts
 * import { createGatewayClient } from "@keeptrusts/client/gateway";
 *
 * // KEEPTRUSTS_GATEWAY_URL and KEEPTRUSTS_API_KEY come from the environment.
 * const client = createGatewayClient({ agentId: "agent-finance-assistant" });
 * const completion = await client.chat.completions.create({
 *   model: "gpt-4o-mini",
 *   messages: [{ role: "user", content: "Summarize today's policy checks." }],
 * });
 * console.log(completion.choices[0].message.content);
 * ```
 *
 * @example Options are checked before anything is sent
 * ```ts
 * import { createGatewayClient } from "@keeptrusts/client/gateway";
 *
 * try {
 *   createGatewayClient({ baseUrl: "https://gateway.example/v1", apiKey: "k", agentId: "a\nb" });
 * } catch (err) {
 *   console.log((err as TypeError).message); // "Cannot create gateway client: agentId contains a line break"
 * }
 * ```
 */
export function createGatewayClient(options: GatewayClientOptions = {}): GatewayClient {
  const baseURL = normalizeBaseUrl(
    "baseUrl",
    options.baseUrl ?? readEnv("KEEPTRUSTS_GATEWAY_URL") ?? DEFAULT_GATEWAY_URL,
    ACTION,
  );
  const apiKey = options.apiKey ?? readEnv("KEEPTRUSTS_API_KEY");
  assertSecret("apiKey", apiKey, ACTION, "pass apiKey or set KEEPTRUSTS_API_KEY");
  const agentId = options.agentId ?? readEnv("KEEPTRUSTS_AGENT_ID");
  if (agentId !== undefined) assertHeaderId("agentId", agentId, ACTION);
  const { traceparent } = options;
  if (
    traceparent !== undefined && typeof traceparent !== "string" &&
    typeof traceparent !== "function"
  ) {
    throw new TypeError(`Cannot ${ACTION}: traceparent must be a string or a function`);
  }
  if (
    options.maxRetries !== undefined &&
    !(Number.isInteger(options.maxRetries) && options.maxRetries >= 0)
  ) {
    throw new RangeError(`Cannot ${ACTION}: maxRetries must be a non-negative integer`);
  }
  if (
    options.timeout !== undefined && !(Number.isInteger(options.timeout) && options.timeout > 0)
  ) {
    throw new RangeError(`Cannot ${ACTION}: timeout must be a positive integer of milliseconds`);
  }
  return new KeeptrustsGatewayOpenAI({
    apiKey,
    baseURL,
    // Explicit nulls: openai-node must not pick up OPENAI_ORG_ID / OPENAI_PROJECT_ID / webhooks.
    organization: null,
    project: null,
    webhookSecret: null,
    defaultHeaders: resolveDefaultHeaders(options.defaultHeaders, agentId),
    maxRetries: options.maxRetries ?? 2,
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
    fetch: noRetryOnRefusal(options.fetch ?? ((input, init) => fetch(input, init))),
    dangerouslyAllowBrowser: options.dangerouslyAllowBrowser ?? false,
    keeptrustsTraceparent: traceparent,
  });
}

/**
 * Creates a gateway client scoped to the Responses API (`/v1/responses`), the route the platform
 * recommends for new work. Same options, headers and checks as {@linkcode createGatewayClient}.
 *
 * @param options Gateway URL, API key, agent id and transport settings.
 * @returns The `responses` resource of a gateway client (`create`, `stream`, `retrieve`, ...).
 * @throws {TypeError} on the same bad input as {@linkcode createGatewayClient}.
 *
 * @example Ask through the Responses API
 * ```ts
 * import { createResponsesClient } from "@keeptrusts/client/gateway";
 *
 * const responses = createResponsesClient({ agentId: "agent-support-web" });
 * const response = await responses.create({ model: "gpt-4o-mini", input: "Hello" });
 * console.log(response.output_text);
 * ```
 */
export function createResponsesClient(options: GatewayClientOptions = {}): ResponsesClient {
  return createGatewayClient(options).responses;
}
