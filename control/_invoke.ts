/**
 * The per-call wrapper around the generated SDK functions: request id, token, retries, the call's
 * timeout and signal, and the reading of the answer (the tolerant readers of `_read.ts`, or a
 * strict schema) mapped to the error family.
 *
 * @module
 */
import { type GenericSchema, parse, ValiError } from "valibot";
import type { Client } from "../generated/client/index.ts";
import { assertHeaderId } from "../_shared/header_values.ts";
import { newRequestId } from "../_shared/runtime.ts";
import {
  KeeptrustsResponseError,
  KeeptrustsValidationError,
  type ResponseIssue,
} from "../errors.ts";
import { type CallOptions, tagRequestId } from "./call_options.ts";
import { fastCheck } from "./_fast_check.ts";
import { ShapeError, toIssues } from "./_shape_error.ts";
import { internalsOf } from "./_registry.ts";
import { type CallContext, send } from "./_transport.ts";
import { toTimeout } from "./_args.ts";

/** The message of a validation error: the operation and the first path at fault. */
function validationMessage(operation: string, issues: readonly ResponseIssue[]): string {
  const first = issues[0] ?? { path: "", expected: "a valid response" };
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return `Cannot read ${operation} response: ${
    first.path || "(body)"
  } expected ${first.expected}${more}`;
}

/** Generated SDK call options that {@linkcode invoke} fills in. */
export interface SdkCallBase {
  client: Client;
  fetch: typeof fetch;
  throwOnError: true;
  /** `stream` when the transport reads the answer itself (the generated client must not). */
  parseAs?: "stream";
  responseValidator?: (data: unknown) => Promise<unknown>;
}

/** Options of {@linkcode invoke} beyond the caller's. */
export interface InvokeExtra<T> {
  /** Marks a POST as safe to retry. */
  idempotencyKey?: string;
  /**
   * A strict check of the whole answer with the operation's generated response schema: the yes/no
   * check compiled from it (`_fast_check.ts`) first, valibot's `parse` only when that says no (to
   * name the field at fault). Without `schema` or `read`, the generated function parses the answer
   * and runs its own validator.
   */
  schema?: GenericSchema;
  /**
   * The tolerant reader of the answer (`_read.ts`): gets the parsed JSON (or, with `expect:
   * "bytes"`, the bytes), checks what the SDK relies on and returns the view; throws a `ShapeError`
   * naming the paths at fault. Replaces the generated validator.
   */
  read?: (data: unknown, requestId: string) => T;
  /**
   * `json` (default): the answer must be a JSON body; `json_or_empty`: also a `204 No Content`
   * (`read` gets `undefined`); `bytes`: any body (downloads).
   */
  expect?: "json" | "json_or_empty" | "bytes";
}

/** A signal that fires on the caller's abort or after `timeoutMs`, and a function to release it. */
function callSignal(timeoutMs: number, caller: AbortSignal | undefined, action: string) {
  if (caller !== undefined && !(caller instanceof AbortSignal)) {
    throw new TypeError(`Cannot ${action}: signal must be an AbortSignal`);
  }
  const controller = new AbortController();
  let timedOut = false;
  // A timer of our own, held until the call ends: the same behaviour on every runtime, also after
  // garbage collection on Node.
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException("The call timed out", "TimeoutError"));
  }, timeoutMs);
  const onAbort = () => controller.abort(caller!.reason);
  if (caller?.aborted) onAbort();
  else caller?.addEventListener("abort", onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    release: () => {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onAbort);
    },
  };
}

/**
 * Runs one generated SDK function through the client's transport: request id, token, retries,
 * timeout, and the answer read by `extra.read` (or checked by `extra.schema`), with malformed
 * answers mapped to {@linkcode KeeptrustsValidationError}.
 */
export async function invoke<D, T = D>(
  client: unknown,
  operation: string,
  call: (base: SdkCallBase) => Promise<{ data: D; response: Response }>,
  options: CallOptions = {},
  extra: InvokeExtra<T> = {},
): Promise<T> {
  const action = `call ${operation}`;
  const internals = internalsOf(client, action);
  const requestId = options.callRequestId ?? newRequestId();
  assertHeaderId("callRequestId", requestId, action);
  const timeoutMs = toTimeout("timeout", options.timeout, action) ?? internals.timeoutMs;
  const { signal, timedOut, release } = callSignal(timeoutMs, options.signal, action);
  const { schema, read } = extra;
  // With a reader or a schema, the transport reads and parses the answer itself (bounded, typed
  // errors, one pass) and the generated client leaves the body alone; without, the generated
  // client parses it and runs its own validator.
  let answer: unknown;
  const ownsAnswer = read !== undefined || schema !== undefined;
  const ctx: CallContext = {
    requestId,
    signal,
    timeoutMs,
    timedOut,
    idempotencyKey: extra.idempotencyKey,
    expect: extra.expect,
    onAnswer: ownsAnswer ? (value) => (answer = value) : undefined,
  };
  const fetchForCall =
    ((input: Request) => send(internals.settings, input, ctx, operation)) as typeof fetch;
  const base: SdkCallBase = { client: internals.hey, fetch: fetchForCall, throwOnError: true };
  if (ownsAnswer) base.parseAs = "stream";
  try {
    const result = await call(base);
    const answeredId = result.response.headers.get("x-request-id") ?? requestId;
    let data: unknown = ownsAnswer ? answer : result.data;
    if (read !== undefined) data = read(answer, answeredId);
    else if (schema !== undefined) {
      // The compiled check accepts exactly what valibot accepts; valibot itself runs only when it
      // says no, to name the field at fault.
      const check = fastCheck(schema);
      if (check === undefined || !check(data)) parse(schema, data);
    }
    if (typeof data === "object" && data !== null) tagRequestId(data, answeredId);
    return data as T;
  } catch (err) {
    throw mapError(err, operation, requestId);
  } finally {
    release();
  }
}

/** Maps what reading an answer threw to the error family; anything else passes through. */
function mapError(err: unknown, operation: string, requestId: string): unknown {
  if (err instanceof ValiError || err instanceof ShapeError) {
    const issues = err instanceof ShapeError
      ? err.issues
      : toIssues((err as unknown as { issues: [] }).issues);
    return new KeeptrustsValidationError(validationMessage(operation, issues), {
      operation,
      issues,
      requestId,
      code: "invalid_response",
    });
  }
  if (err instanceof SyntaxError) {
    return new KeeptrustsResponseError(
      `Cannot read ${operation} response: the body is not valid JSON`,
      { requestId, code: "not_json", cause: err },
    );
  }
  return err;
}
