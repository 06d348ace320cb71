/**
 * A fast yes/no check compiled from a generated valibot schema. Valibot builds an output copy of
 * every value and a dataset object per node; on a page of 1,000 events that is most of the cost of
 * reading it. The compiled check walks the same schema tree and allocates nothing: as generated
 * straight-line code (`_fast_check_source.ts`) where the runtime can build it, else as the plain
 * closures of this file. It accepts exactly what valibot's `parse` accepts for the node kinds the generator emits
 * (a differential test pins this); a schema that uses anything else is not compiled, and the caller
 * keeps using valibot. When the check fails, the caller runs valibot to get the issue and its path.
 *
 * @module
 */

import { compileSource } from "./_fast_check_source.ts";

/** A yes/no check of a value. */
export type Check = (value: unknown) => boolean;

/** A valibot schema node, as far as the compilers read it. */
export interface Node {
  readonly type: string;
  readonly kind?: string;
  readonly wrapped?: Node;
  readonly item?: Node;
  readonly key?: Node;
  readonly value?: Node;
  readonly entries?: Record<string, Node>;
  readonly options?: readonly Node[];
  readonly pipe?: readonly Node[];
  readonly requirement?: unknown;
  readonly default?: unknown;
  readonly fallback?: unknown;
}

const OPTIONAL_TYPES = new Set(["optional", "nullish", "exact_optional"]);

function compileAction(action: Node): Check | undefined {
  const r = action.requirement;
  switch (action.type) {
    case "max_length":
      return typeof r === "number" ? (v) => (v as string).length <= r : undefined;
    case "min_length":
      return typeof r === "number" ? (v) => (v as string).length >= r : undefined;
    case "max_value":
      return typeof r === "number" ? (v) => (v as number) <= r : undefined;
    case "min_value":
      return typeof r === "number" ? (v) => (v as number) >= r : undefined;
    case "integer":
      return (v) => Number.isInteger(v);
    case "regex":
    case "iso_timestamp":
      return r instanceof RegExp && !r.global && !r.sticky ? (v) => r.test(v as string) : undefined;
    default:
      return undefined;
  }
}

/** `pipe(schema, ...actions)`: the root schema first, then each action. */
function compilePipe(pipe: readonly Node[]): Check | undefined {
  const base = compileNode(pipe[0]);
  const actions = pipe.slice(1).map(compileAction);
  if (base === undefined || actions.some((a) => a === undefined)) return undefined;
  const checks = actions as Check[];
  return (v) => {
    if (!base(v)) return false;
    for (let i = 0; i < checks.length; i++) if (!checks[i](v)) return false;
    return true;
  };
}

function compileRecord(node: Node): Check | undefined {
  const key = node.key && compileNode(node.key);
  const value = node.value && compileNode(node.value);
  if (!key || !value) return undefined;
  return (v) => {
    if (!v || typeof v !== "object") return false;
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
      if (k === "__proto__" || k === "prototype" || k === "constructor") continue;
      if (!key(k) || !value(o[k])) return false;
    }
    return true;
  };
}

function compileUnion(node: Node): Check | undefined {
  const options = (node.options ?? []).map(compileNode);
  if (options.length === 0 || options.some((o) => o === undefined)) return undefined;
  const checks = options as Check[];
  return (v) => {
    for (let i = 0; i < checks.length; i++) if (checks[i](v)) return true;
    return false;
  };
}

function compileObject(node: Node): Check | undefined {
  if (node.entries === undefined) return undefined;
  const keys = Object.keys(node.entries);
  const checks: Check[] = [];
  const optional: boolean[] = [];
  for (const k of keys) {
    const entry = node.entries[k];
    const check = compileNode(entry);
    if (check === undefined) return undefined;
    checks.push(check);
    optional.push(OPTIONAL_TYPES.has(entry.type));
  }
  return (v) => {
    if (!v || typeof v !== "object") return false;
    const o = v as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) {
      // One property read per entry; `in` only to tell a missing key from an undefined one
      // (valibot runs the entry's schema on a key that is present, whatever its value).
      const value = o[keys[i]];
      if (value !== undefined) {
        if (!checks[i](value)) return false;
      } else if (!optional[i] && (!(keys[i] in o) || !checks[i](value))) return false;
    }
    return true;
  };
}

function compileNode(node: Node): Check | undefined {
  if (node.default !== undefined || node.fallback !== undefined) return undefined;
  if (node.pipe !== undefined && node.pipe.length > 1) return compilePipe(node.pipe);
  switch (node.type) {
    case "string":
      return (v) => typeof v === "string";
    case "number":
      return (v) => typeof v === "number" && !Number.isNaN(v);
    case "boolean":
      return (v) => typeof v === "boolean";
    case "unknown":
      return () => true;
    case "optional": {
      const inner = node.wrapped && compileNode(node.wrapped);
      return inner && ((v) => v === undefined || inner(v));
    }
    case "nullable": {
      const inner = node.wrapped && compileNode(node.wrapped);
      return inner && ((v) => v === null || inner(v));
    }
    case "nullish": {
      const inner = node.wrapped && compileNode(node.wrapped);
      return inner && ((v) => v === null || v === undefined || inner(v));
    }
    case "array": {
      const item = node.item && compileNode(node.item);
      return item && ((v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
        return true;
      });
    }
    case "record":
      return compileRecord(node);
    case "union":
      return compileUnion(node);
    case "object":
      return compileObject(node);
    default:
      return undefined;
  }
}

/** The check of a schema as closures (the form that needs no code built at run time). */
export function compileClosures(schema: object): Check | undefined {
  return compileNode(schema as Node);
}

const cache = new WeakMap<object, Check | null>();

/**
 * The compiled check of a valibot schema, or `undefined` when the schema uses a node kind the
 * compilers do not know (then only valibot can judge it): generated code where the runtime allows
 * building it (`_fast_check_source.ts`), closures otherwise.
 */
export function fastCheck(schema: object): Check | undefined {
  let check = cache.get(schema);
  if (check === undefined) {
    let built: Check | undefined;
    try {
      built = compileSource(schema);
    } catch {
      // Code cannot be built here (a CSP, a Workers isolate): the closures judge alike.
      built = compileClosures(schema);
    }
    check = built ?? null;
    cache.set(schema, check);
  }
  return check ?? undefined;
}
