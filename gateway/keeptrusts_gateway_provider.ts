/**
 * The gateway's headers and rules for OpenAI-compatible clients this package does not build: the
 * Vercel AI SDK (`createOpenAI` of `@ai-sdk/openai`) and LangChain (`ChatOpenAI`'s
 * `configuration`). Neither library is a dependency: these return plain options objects.
 *
 * @module
 */
import { foreignFetch } from "./_foreign_fetch.ts";
import { checkOptions } from "../_shared/options.ts";
import { CONNECTION_OPTIONS, resolveSettings } from "./_settings.ts";
import { DEFAULT_GATEWAY_URL } from "./create_gateway_client.ts";

/** Options of {@linkcode keeptrustsGatewayProvider} and {@linkcode keeptrustsOpenAIConfiguration}. */
export interface KeeptrustsGatewayProviderOptions {
  /**
   * The gateway's OpenAI-style base URL, including `/v1`.
   * @default {KEEPTRUSTS_GATEWAY_URL ?? "http://localhost:41002/v1"}
   */
  baseUrl?: string;
  /**
   * Gateway API key.
   * @default {KEEPTRUSTS_API_KEY ?? KEEPTRUSTS_API_TOKEN}
   */
  apiKey?: string;
  /**
   * Agent id sent as `x-keeptrusts-agent-id` (a call's own header wins).
   * @default {KEEPTRUSTS_AGENT_ID}
   */
  agentId?: string;
  /** Trace context to continue, as for `createGatewayClient`. */
  traceparent?: string | (() => string | undefined | null);
  /** Where the variables are read instead of the process environment (a Workers `env`). */
  env?: Readonly<Record<string, unknown>>;
  /** A `fetch` implementation to use instead of the global one. */
  fetch?: typeof fetch;
}

/** Settings for `createOpenAI` of `@ai-sdk/openai`. */
export interface KeeptrustsProviderSettings {
  /** The gateway's base URL (with `/v1`). */
  readonly baseURL: string;
  /** The gateway API key. */
  readonly apiKey: string;
  /** The provider's name in the AI SDK (`keeptrusts`). */
  readonly name: string;
  /** The fetch that adds the canonical headers per attempt and applies the gateway's rules. */
  readonly fetch: typeof fetch;
}

/** Client options for `openai-node` (LangChain's `ChatOpenAI` `configuration`, or `new OpenAI`). */
export interface KeeptrustsOpenAIConfiguration {
  /** The gateway's base URL (with `/v1`). */
  readonly baseURL: string;
  /** The gateway API key. */
  readonly apiKey: string;
  /** The fetch that adds the canonical headers per attempt and applies the gateway's rules. */
  readonly fetch: typeof fetch;
  /** Explicitly none, so `OPENAI_ORG_ID` is not read. */
  readonly organization: null;
  /** Explicitly none, so `OPENAI_PROJECT_ID` is not read. */
  readonly project: null;
  /** Explicitly none, so `OPENAI_ADMIN_KEY` is not sent to the gateway. */
  readonly adminAPIKey: null;
  /** Explicitly none, so `OPENAI_WEBHOOK_SECRET` is not read. */
  readonly webhookSecret: null;
  /** Explicit, so `OPENAI_LOG=debug` does not log prompts. */
  readonly logLevel: "warn";
}

const ACTION = "configure the gateway provider";

function wrappedFetch(options: KeeptrustsGatewayProviderOptions | undefined, action: string) {
  const settings = resolveSettings(
    checkOptions(options, CONNECTION_OPTIONS, action),
    action,
    DEFAULT_GATEWAY_URL,
  );
  return { ...settings, fetch: foreignFetch(settings) };
}

/**
 * Settings for `createOpenAI` of the Vercel AI SDK (`@ai-sdk/openai`) that route it through the
 * gateway with the same rules as {@linkcode createGatewayClient}: per call a request id that stays
 * the same on that call's retries, per attempt a new `traceparent` parent id (an OpenTelemetry
 * span's when one is registered), and a policy denial or wallet refusal that reaches the gateway
 * once per call even though the AI SDK retries 409s: the denial carries `x-should-retry: false` and
 * `retry-after-ms: 0`, and the AI SDK's immediate retries of it (a request with the same body
 * within 10 s) are answered with the same denial without being sent.
 *
 * The AI SDK's retries reach `fetch` as new requests; they are recognised as the call's by their
 * identical body within two minutes of a failure. Identical requests sent concurrently may
 * therefore share a request id when one of them is retried.
 *
 * @param options Gateway URL, key and agent id; omitted ones come from the environment as for
 * {@linkcode createGatewayClient}.
 * @returns The settings object to pass to `createOpenAI`.
 * @throws {KeeptrustsConfigurationError} when no key is found or the URL lacks `/v1`.
 * @throws {TypeError} on an unknown option or a malformed value.
 *
 * @example generateText through the gateway
 * ```ts
 * import assert from "node:assert/strict";
 * import { createOpenAI } from "@ai-sdk/openai";
 * import { generateText } from "ai";
 * import { keeptrustsGatewayProvider } from "@keeptrusts/client/gateway";
 *
 * const keeptrusts = createOpenAI(keeptrustsGatewayProvider({ agentId: "agent-ai-sdk" }));
 * const { text } = await generateText({ model: keeptrusts.chat("gpt-4o-mini"), prompt: "Hello" });
 * assert.equal(text, "Echo: Hello");
 * ```
 */
export function keeptrustsGatewayProvider(
  options?: KeeptrustsGatewayProviderOptions,
): KeeptrustsProviderSettings {
  const { baseURL, apiKey, fetch } = wrappedFetch(options, ACTION);
  return { baseURL, apiKey, name: "keeptrusts", fetch };
}

/**
 * Client options for openai-node that route it through the gateway with the same rules as
 * {@linkcode keeptrustsGatewayProvider}: LangChain's `new ChatOpenAI({ configuration })`, or a
 * `new OpenAI(...)` of your own. Every `OPENAI_*` setting openai-node reads is given explicitly.
 *
 * @param options Gateway URL, key and agent id; omitted ones come from the environment.
 * @returns openai-node client options.
 * @throws {KeeptrustsConfigurationError} when no key is found or the URL lacks `/v1`.
 * @throws {TypeError} on an unknown option or a malformed value.
 *
 * @example LangChain through the gateway
 * ```ts
 * import assert from "node:assert/strict";
 * import { ChatOpenAI } from "@langchain/openai";
 * import { keeptrustsOpenAIConfiguration } from "@keeptrusts/client/gateway";
 *
 * const model = new ChatOpenAI({
 *   model: "gpt-4o-mini",
 *   configuration: keeptrustsOpenAIConfiguration({ agentId: "agent-langchain" }),
 * });
 * const reply = await model.invoke("Hello");
 * assert.equal(reply.content, "Echo: Hello");
 * ```
 */
export function keeptrustsOpenAIConfiguration(
  options?: KeeptrustsGatewayProviderOptions,
): KeeptrustsOpenAIConfiguration {
  const { baseURL, apiKey, fetch } = wrappedFetch(options, "configure the gateway client");
  return {
    baseURL,
    apiKey,
    fetch,
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    logLevel: "warn",
  };
}
