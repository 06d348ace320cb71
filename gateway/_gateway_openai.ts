/**
 * The `OpenAI` subclass behind `createGatewayClient`: per-call canonical headers through openai's
 * own `prepareRequest` hook, and a key that no inspection shows. Private to the gateway lane.
 *
 * @module
 */
import OpenAI from "openai";
import { assertHeaderId } from "../_shared/header_values.ts";
import { newRequestId } from "../_shared/runtime.ts";
import { type CallTrace, newCallTrace, type TraceSource } from "./_call_trace.ts";
import { ATTEMPTS } from "./_gateway_fetch.ts";

/** `OpenAI`'s options, plus what the subclass keeps (they travel into `withOptions()` copies). */
export type GatewayOpenAIOptions = NonNullable<ConstructorParameters<typeof OpenAI>[0]> & {
  keeptrustsTraceparent?: TraceSource;
  keeptrustsAgentId?: string;
};

const ACTION = "send gateway request";

/**
 * `OpenAI` with per-call canonical headers. openai-node passes a call's options object to every
 * attempt of that call, so state keyed by it is per call: the request id stays, the parent id
 * changes per attempt (set by the fetch wrapper, which reads the attempt from {@linkcode ATTEMPTS}).
 */
export class KeeptrustsGatewayOpenAI extends OpenAI {
  #traceparent: TraceSource;
  #agentId: string | undefined;
  #calls = new WeakMap<object, CallTrace>();

  constructor(options: GatewayOpenAIOptions) {
    super(options);
    this.#traceparent = options.keeptrustsTraceparent;
    // Sent by the fetch wrapper, not as a default header: openai-node spends time per header on
    // every request (merging, and log details built even when nothing is logged).
    this.#agentId = options.keeptrustsAgentId;
    // openai-node merges OPENAI_CUSTOM_HEADERS into the default headers, whatever the options say
    // (an Authorization or x-request-id there would replace ours): put back exactly ours.
    this._options = { ...this._options, defaultHeaders: options.defaultHeaders };
    // The key stays readable (openai-node reads it per request) but is not enumerable, so spreads,
    // `Object.entries` and loggers that walk fields do not find it; inspection is overridden below.
    for (const field of ["apiKey", "_options"]) {
      Object.defineProperty(this, field, { enumerable: false, writable: true, configurable: true });
    }
  }

  protected override async prepareRequest(
    request: RequestInit,
    context: { url: string; options: object },
  ): Promise<void> {
    await super.prepareRequest(request, context as never);
    const headers = request.headers as Headers;
    const options = context.options as {
      body?: { model?: unknown };
      maxRetries?: number;
      timeout?: number;
    };
    let call = this.#calls.get(options);
    if (call === undefined) {
      const requestId = headers.get("x-request-id");
      if (requestId !== null) assertHeaderId("x-request-id", requestId, ACTION);
      // A call's own header (or one from defaultHeaders) wins over the agentId option.
      const agentId = headers.get("x-keeptrusts-agent-id");
      if (agentId !== null) assertHeaderId("x-keeptrusts-agent-id", agentId, ACTION);
      const model = options.body?.model;
      call = newCallTrace(headers.get("traceparent"), this.#traceparent, {
        requestId: requestId ?? newRequestId(),
        model: typeof model === "string" ? model : undefined,
        agentId: agentId ?? this.#agentId,
      });
      this.#calls.set(options, call);
    }
    if (call.refused) throw call.refused;
    ATTEMPTS.set(headers, {
      call,
      maxRetries: options.maxRetries ?? this.maxRetries,
      timeoutMs: options.timeout ?? this.timeout,
    });
  }

  /** What inspection shows: the settings, never the key. */
  toJSON(): Record<string, unknown> {
    const defaults = this._options.defaultHeaders as Record<string, string> | undefined;
    return {
      baseURL: this.baseURL,
      agentId: this.#agentId ?? defaults?.["x-keeptrusts-agent-id"] ?? null,
      maxRetries: this.maxRetries,
      timeout: this.timeout,
      apiKey: "[hidden]",
    };
  }

  #summary(): string {
    return `GatewayClient ${JSON.stringify(this.toJSON(), null, 1).replace(/\n\s*/g, " ")}`;
  }

  /** Node's and Bun's `inspect` (and `console.log`) show this. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.#summary();
  }

  /** Deno's `inspect` (and `console.log`) show this. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.#summary();
  }
}
