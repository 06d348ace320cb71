/**
 * Private plumbing of the control-plane lane: the client registry, the per-call wrapper around the
 * generated SDK functions, and small argument checks shared by the helpers.
 *
 * @module
 */
import { type GenericSchema, parse, ValiError } from "valibot";
import type { Client } from "../generated/client/index.ts";
import { assertHeaderId } from "../_shared/header_values.ts";
import { newRequestId } from "../_shared/runtime.ts";
import { type CallContext, send, type TransportSettings } from "./_transport.ts";
import { KeeptrustsValidationError, type ResponseIssue } from "./errors.ts";
import { fastCheck } from "./_fast_check.ts";

/** Options every control-plane call accepts. */
export interface CallOptions {
  /** Aborts the call (and its retries). The abort reason is rethrown. */
  signal?: AbortSignal;
  /** Request id to send as `x-request-id`. A fresh UUID when omitted. */
  requestId?: string;
  /**
   * Time limit of the whole call, retries included, in milliseconds.
   * @default {the client's `timeout`}
   */
  timeout?: number;
}

/** What a {@linkcode ControlPlaneClient} holds, out of reach of inspection. */
export interface Internals {
  readonly hey: Client;
  readonly settings: TransportSettings;
  readonly baseUrl: string;
  readonly timeoutMs: number;
}

const registry = new WeakMap<object, Internals>();
const requestIds = new WeakMap<object, string>();

/** Registers a client's internals. */
export function register(client: object, internals: Internals): void {
  registry.set(client, internals);
}

/** The internals of a client; a `TypeError` for anything else. */
export function internalsOf(client: unknown, action: string): Internals {
  const internals = typeof client === "object" && client !== null
    ? registry.get(client)
    : undefined;
  if (!internals) {
    throw new TypeError(`Cannot ${action}: client must come from createControlPlaneClient()`);
  }
  return internals;
}

/**
 * The `x-request-id` the server answered a helper's result with (the one sent, unless the server
 * replaced it). `undefined` for objects that did not come from a control-plane call.
 *
 * @param result A value returned by a control-plane helper.
 * @returns The request id, or `undefined`.
 *
 * @example Correlate a read with the server's logs
 * ```ts
 * import { createControlPlaneClient, getEvent, listEvents, requestIdOf } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { events } = await listEvents(client, { limit: 1 });
 * const event = await getEvent(client, events[0].event_id, { requestId: "audit-2026-05-31" });
 * console.log(requestIdOf(event)); // "audit-2026-05-31"
 * ```
 */
export function requestIdOf(result: object): string | undefined {
  return requestIds.get(result);
}

/** Marks a result with its request id. */
export function tagRequestId<T extends object>(result: T, requestId: string): T {
  requestIds.set(result, requestId);
  return result;
}

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
  const requestId = options.requestId ?? newRequestId();
  assertHeaderId("requestId", requestId, action);
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
      throw new KeeptrustsValidationError(
        operation,
        toIssues(err as unknown as { issues: IssueLike[] }),
        requestId,
      );
    }
    if (err instanceof SyntaxError) {
      throw new KeeptrustsValidationError(
        operation,
        [{ path: "", expected: "a JSON body" }],
        requestId,
      );
    }
    throw err;
  }
  const data = result.data;
  if (typeof data === "object" && data !== null) {
    tagRequestId(data, result.response.headers.get("x-request-id") ?? requestId);
  }
  return data;
}

/** A `resource:action` scope. */
export const SCOPE = /^[a-z_]+:[a-z_*]+$/;

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i;

/** Normalises a `Date` or RFC 3339 string to an RFC 3339 string; `undefined` passes through. */
export function toTimestamp(
  field: string,
  value: Date | string | undefined,
  action: string,
): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new TypeError(`Cannot ${action}: ${field} is an invalid Date`);
    }
    return value.toISOString();
  }
  if (typeof value !== "string" || !RFC3339.test(value) || Number.isNaN(Date.parse(value))) {
    throw new TypeError(
      `Cannot ${action}: ${field} must be a Date or an RFC 3339 date-time string`,
    );
  }
  return value;
}

/** Checks an optional page size. */
export function toLimit(value: number | undefined, action: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > 1000) {
    throw new RangeError(`Cannot ${action}: limit must be an integer from 1 to 1000`);
  }
  return value;
}

/** Checks an id that goes into a URL path. */
export function toPathId(field: string, value: unknown, action: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new TypeError(`Cannot ${action}: ${field} must be a non-empty string`);
  }
  if (value.length > 256) {
    throw new TypeError(`Cannot ${action}: ${field} is longer than 256 characters`);
  }
  if (/[\u0000-\u001f\u007f/?#]/.test(value) || value === "." || value === "..") {
    throw new TypeError(`Cannot ${action}: ${field} contains a character not allowed in an id`);
  }
  return value;
}

/**
 * Walks a cursor-paginated listing: fetches a page, yields its items, follows `next_cursor` until it
 * is null. Holds one page at a time.
 */
export async function* paginate<T>(
  firstCursor: string | undefined,
  fetchPage: (
    cursor: string | undefined,
  ) => Promise<{ items: readonly T[]; next: string | null | undefined }>,
): AsyncGenerator<T, void, undefined> {
  let cursor = firstCursor;
  do {
    const page = await fetchPage(cursor);
    yield* page.items;
    cursor = page.next ?? undefined;
  } while (cursor !== undefined);
}
