/**
 * The `OpenAI` subclass behind `createGatewayClient`: per-call canonical headers through openai's
 * own `prepareRequest` hook, and a key that no inspection shows. Private to the gateway lane.
 *
 * @module
 */
import OpenAI from "openai";
import { CALL, type CallTrace, newCallTrace, type TraceSource } from "./_gateway_fetch.ts";

/** `OpenAI`'s options, plus what the subclass keeps (they travel into `withOptions()` copies). */
export type GatewayOpenAIOptions = NonNullable<ConstructorParameters<typeof OpenAI>[0]> & {
  keeptrustsTraceparent?: TraceSource;
  keeptrustsAgentId?: string;
};

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * `OpenAI` with per-call canonical headers. openai-node passes a call's options object to every
 * attempt of that call, so state kept on it is per call: the request id stays, the parent id
 * changes per attempt (set by the fetch wrapper, which finds the call on the attempt's `Headers`).
 * A symbol property costs nothing per call, where a `WeakMap` entry costs garbage collection.
 */
export class KeeptrustsGatewayOpenAI extends OpenAI {
  #traceparent: TraceSource;
  #agentId: string | undefined;

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
      Object.defineProperty(this, field, { enumerable: false });
    }
  }

  protected override async prepareRequest(
    request: RequestInit,
    context: { url: string; options: object },
  ): Promise<void> {
    await super.prepareRequest(request, context as never);
    const headers = request.headers as Headers & { [CALL]?: CallTrace };
    const options = context.options as {
      body?: { model?: unknown };
      maxRetries?: number;
      timeout?: number;
      [CALL]?: CallTrace;
    };
    const model = options.body?.model;
    const call = options[CALL] ??= newCallTrace(headers, this.#traceparent, {
      agentId: this.#agentId,
      model: typeof model === "string" ? model : undefined,
      maxRetries: options.maxRetries ?? this.maxRetries,
      timeoutMs: options.timeout ?? this.timeout,
    });
    if (call.refused) throw call.refused;
    headers[CALL] = call;
  }

  /** What inspection shows: the settings, never the key. */
  toJSON(): Record<string, unknown> {
    return {
      baseURL: this.baseURL,
      agentId: this.#agentId ??
        (this._options.defaultHeaders as Record<string, string> | undefined)?.[
          "x-keeptrusts-agent-id"
        ] ?? null,
      maxRetries: this.maxRetries,
      timeout: this.timeout,
      apiKey: "[hidden]",
    };
  }

  /** Node's and Bun's `inspect` (and `console.log`) show this. */
  [INSPECT](): string {
    return `GatewayClient ${JSON.stringify(this.toJSON())}`;
  }

  /** Deno's `inspect` (and `console.log`) show this. */
  [Symbol.for("Deno.customInspect")](): string {
    return this[INSPECT]();
  }
}
