/**
 * The fast check as straight-line code: the same schema tree emitted as JavaScript source (one
 * function per object schema, named property reads, constants passed in, never spliced into the
 * source) and built with `new Function`. Each property read then has its own inline cache, where
 * the closure form shares megamorphic ones: several times faster on a page of events. Where code
 * cannot be built at run time (a Content Security Policy, a Workers isolate), `_fast_check.ts`
 * falls back to its closures. The emitted check accepts exactly what valibot accepts (the
 * differential test runs both forms).
 *
 * @module
 */
import type { Check, Node } from "./_fast_check.ts";

const OPTIONAL_TYPES = new Set(["optional", "nullish", "exact_optional"]);

/** Builds the source of a check, piece by piece. */
class Emitter {
  readonly constants: unknown[] = [];
  readonly functions: string[] = [];
  #n = 0;

  /** A fresh identifier. */
  fresh(prefix: string): string {
    return `${prefix}${this.#n++}`;
  }

  /** A constant, as an expression reading it from the array passed in. */
  constant(value: unknown): string {
    this.constants.push(value);
    return `k[${this.constants.length - 1}]`;
  }

  /** A function checking `node`, by name; `undefined` when the node cannot be emitted. */
  fn(node: Node): string | undefined {
    const name = this.fresh("f");
    const body = this.node(node, "v");
    if (body === undefined) return undefined;
    this.functions.push(`function ${name}(v) {\n${body}\nreturn true;\n}`);
    return name;
  }

  /** Statements that `return false` when `x` (an identifier) fails `node`. */
  node(node: Node, x: string): string | undefined {
    if (node.default !== undefined || node.fallback !== undefined) return undefined;
    if (node.pipe !== undefined && node.pipe.length > 1) {
      const parts = [
        this.node(node.pipe[0], x),
        ...node.pipe.slice(1).map((a) => this.action(a, x)),
      ];
      return parts.some((p) => p === undefined) ? undefined : parts.join("\n");
    }
    const inner = (prefix: string) => {
      const body = node.wrapped && this.node(node.wrapped, x);
      return body === undefined ? undefined : `if (${prefix}) {\n${body}\n}`;
    };
    switch (node.type) {
      case "string":
        return `if (typeof ${x} !== "string") return false;`;
      case "number":
        return `if (typeof ${x} !== "number" || ${x} !== ${x}) return false;`;
      case "boolean":
        return `if (typeof ${x} !== "boolean") return false;`;
      case "unknown":
        return "";
      case "optional":
        return inner(`${x} !== undefined`);
      case "nullable":
        return inner(`${x} !== null`);
      case "nullish":
        return inner(`${x} !== null && ${x} !== undefined`);
      case "array":
        return this.array(node, x);
      case "record":
        return this.record(node, x);
      case "union":
        return this.union(node, x);
      case "object": {
        const name = this.fn({ ...node, type: "object_body" });
        return name && `if (!${name}(${x})) return false;`;
      }
      case "object_body":
        return this.object(node, x);
      default:
        return undefined;
    }
  }

  /** A validation action of a pipe. */
  action(action: Node, x: string): string | undefined {
    const r = action.requirement;
    const compare = (test: (limit: string) => string) =>
      typeof r === "number" ? `if (${test(this.constant(r))}) return false;` : undefined;
    switch (action.type) {
      case "max_length":
        return compare((limit) => `${x}.length > ${limit}`);
      case "min_length":
        return compare((limit) => `${x}.length < ${limit}`);
      case "max_value":
        return compare((limit) => `${x} > ${limit}`);
      case "min_value":
        return compare((limit) => `${x} < ${limit}`);
      case "integer":
        return `if (!Number.isInteger(${x})) return false;`;
      case "regex":
      case "iso_timestamp":
        return r instanceof RegExp && !r.global && !r.sticky
          ? `if (!${this.constant(r)}.test(${x})) return false;`
          : undefined;
      default:
        return undefined;
    }
  }

  array(node: Node, x: string): string | undefined {
    const i = this.fresh("i");
    const item = this.fresh("e");
    const body = node.item && this.node(node.item, item);
    if (body === undefined) return undefined;
    return `if (!Array.isArray(${x})) return false;\n` +
      `for (let ${i} = 0; ${i} < ${x}.length; ${i}++) {\nconst ${item} = ${x}[${i}];\n${body}\n}`;
  }

  record(node: Node, x: string): string | undefined {
    const key = this.fresh("k");
    const value = this.fresh("p");
    const keyBody = node.key && this.node(node.key, key);
    const valueBody = node.value && this.node(node.value, value);
    if (keyBody === undefined || valueBody === undefined) return undefined;
    const own = this.constant(Object.prototype.hasOwnProperty);
    return `if (!${x} || typeof ${x} !== "object") return false;\n` +
      `for (const ${key} in ${x}) {\nif (!${own}.call(${x}, ${key})) continue;\n` +
      `if (${key} === "__proto__" || ${key} === "prototype" || ${key} === "constructor") continue;\n` +
      `${keyBody}\nconst ${value} = ${x}[${key}];\n${valueBody}\n}`;
  }

  union(node: Node, x: string): string | undefined {
    const names = (node.options ?? []).map((o) => this.fn(o));
    if (names.length === 0 || names.some((n) => n === undefined)) return undefined;
    return `if (!(${names.map((n) => `${n}(${x})`).join(" || ")})) return false;`;
  }

  /** An object's entries: one named read each; `in` only to tell missing from undefined. */
  object(node: Node, x: string): string | undefined {
    if (node.entries === undefined) return undefined;
    const lines = [`if (!${x} || typeof ${x} !== "object") return false;`];
    for (const [key, entry] of Object.entries(node.entries)) {
      const p = this.fresh("p");
      const body = this.node(entry, p);
      if (body === undefined) return undefined;
      const k = JSON.stringify(key);
      lines.push(`const ${p} = ${x}[${k}];`);
      if (OPTIONAL_TYPES.has(entry.type)) lines.push(`if (${p} !== undefined) {\n${body}\n}`);
      else lines.push(`if (${p} === undefined && !(${k} in ${x})) return false;`, body);
    }
    return lines.join("\n");
  }
}

/**
 * The check of a schema as generated code, or `undefined` when the schema uses a node kind this
 * emitter does not know.
 *
 * @throws what `new Function` throws where building code at run time is refused.
 */
export function compileSource(schema: object): Check | undefined {
  const emitter = new Emitter();
  const root = emitter.fn(schema as Node);
  if (root === undefined) return undefined;
  const source = `"use strict";\n${emitter.functions.join("\n")}\nreturn ${root};`;
  return new Function("k", source)(emitter.constants) as Check;
}
