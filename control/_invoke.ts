/**
 * The per-call wrapper around the generated SDK functions: request id, token, retries, timeout and
 * response validation mapped to the error family.
 *
 * @module
 */
import { type GenericSchema, parse, ValiError } from "valibot";
import type { Client } from "../generated/client/index.ts";
import { assertHeaderId } from "../_shared/header_values.ts";
import { newRequestId } from "../_shared/runtime.ts";
import { KeeptrustsValidationError, type ResponseIssue } from "../errors.ts";
import { type CallOptions, tagRequestId } from "./call_options.ts";
import { fastCheck } from "./_fast_check.ts";
import { internalsOf } from "./_registry.ts";
import { type CallContext, send } from "./_transport.ts";

interface IssueLike {
  kind: string;
  expected: string | null;
  path?: ReadonlyArray<{ key: unknown }>;
}

function toIssues(err: { issues: readonly IssueLike[] }): ResponseIssue[] {
  return err.issues.slice(0, 20).map((issue) => ({
    path: (issue.path ?? []).map((p) => String(p.key)).join("."),
    expected: issue.expected ?? issue.kind,
  }));
}

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
  responseValidator?: (data: unknown) => Promise<unknown>;
}

/** Options of {@linkcode invoke} beyond the caller's. */
export interface InvokeExtra {
  /** Marks a POST as safe to retry. */
  idempotencyKey?: string;
  /**
   * The operation's generated response schema, for large list pages: checked by the yes/no check
   * compiled from it (`_fast_check.ts`), and by valibot's synchronous `parse` only when that check
   * says no. The generated SDK functions use `parseAsync` on every response, which costs several
   * milliseconds per 1,000 events.
   */
  schema?: GenericSchema;
}

/**
 * Runs one generated SDK function through the client's transport: request id, token, retries,
 * timeout, response validation mapped to {@linkcode KeeptrustsValidationError}.
 */
export async function invoke<T>(
  client: unknown,
  operation: string,
  call: (base: SdkCallBase) => Promise<{ data: T; response: Response }>,
  options: CallOptions = {},
  extra: InvokeExtra = {},
): Promise<T> {
  const action = `call ${operation}`;
  const internals = internalsOf(client, action);
  const requestId = options.callRequestId ?? newRequestId();
  assertHeaderId("callRequestId", requestId, action);
  const timeoutMs = options.timeout ?? internals.timeoutMs;
  if (!(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    throw new RangeError(`Cannot ${action}: timeout must be a positive integer of milliseconds`);
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const ctx: CallContext = { requestId, signal, timeoutMs, idempotencyKey: extra.idempotencyKey };
  const fetchForCall =
    ((input: Request) => send(internals.settings, input, ctx, operation)) as typeof fetch;
  let result: { data: T; response: Response };
  try {
    const schema = extra.schema;
    const base: SdkCallBase = { client: internals.hey, fetch: fetchForCall, throwOnError: true };
    if (schema !== undefined) {
      const check = fastCheck(schema);
      base.responseValidator = (data) => {
        // The compiled check accepts exactly what valibot accepts; valibot itself runs only when it
        // says no, to name the field at fault.
        if (check === undefined || !check(data)) parse(schema, data);
        return Promise.resolve();
      };
    }
    result = await call(base);
  } catch (err) {
    if (err instanceof ValiError) {
      const issues = toIssues(err as unknown as { issues: IssueLike[] });
      throw new KeeptrustsValidationError(validationMessage(operation, issues), {
        operation,
        issues,
        requestId,
      });
    }
    if (err instanceof SyntaxError) {
      const issues = [{ path: "", expected: "a JSON body" }];
      throw new KeeptrustsValidationError(validationMessage(operation, issues), {
        operation,
        issues,
        requestId,
      });
    }
    throw err;
  }
  const data = result.data;
  if (typeof data === "object" && data !== null) {
    tagRequestId(data, result.response.headers.get("x-request-id") ?? requestId);
  }
  return data;
}
