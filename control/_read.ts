/**
 * The tolerant reader (DESIGN section 8): an answer is checked for what the SDK relies on, read
 * into the SDK's view, and the raw object is kept for `rawOf`. A list page reads item by item: an
 * item that cannot be read is skipped and reported, the rest are yielded; a missing `next_cursor`
 * means the last page. The common case costs one compiled check per item and no allocation: an
 * item in the SDK's own spelling (the spec's schema) is its own view.
 *
 * @module
 */
import { type GenericSchema, safeParse } from "valibot";
import type { ResponseIssue } from "../errors.ts";
import { fastCheck } from "./_fast_check.ts";
import { ShapeError, toIssues } from "./_shape_error.ts";
import { linkRaw } from "./raw_of.ts";
import type { InvalidItem } from "./types.ts";

type Json = Record<string, unknown>;

/** How one kind of record is read. */
export interface ReadRule {
  /** The spec's schema: an item it accepts is read as is (no copy). */
  readonly strict?: GenericSchema;
  /** Builds the view from a raw object (a copy with the SDK's spelling). */
  readonly normalize?: (raw: Json) => Json;
  /** What the SDK relies on in the view. */
  readonly relaxed: GenericSchema;
}

/** One item read: its view, or why it cannot be read. */
type ItemRead = { readonly view: object } | { readonly issues: readonly ResponseIssue[] };

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads one record by a rule. */
export function readItem(raw: unknown, rule: ReadRule): ItemRead {
  const strict = rule.strict && fastCheck(rule.strict);
  if (strict !== undefined && strict(raw)) return { view: raw as object };
  if (!isObject(raw)) return { issues: [{ path: "", expected: "an object" }] };
  const view = rule.normalize ? rule.normalize(raw) : raw;
  const relaxed = fastCheck(rule.relaxed);
  if (relaxed === undefined || !relaxed(view)) {
    const result = safeParse(rule.relaxed, view);
    if (!result.success) return { issues: toIssues(result.issues) };
  }
  return { view: linkRaw(view, raw) };
}

/** Reads a single-record answer; throws a `ShapeError` naming the paths at fault. */
export function readOne<T>(data: unknown, rule: ReadRule): T {
  const read = readItem(data, rule);
  if ("issues" in read) throw new ShapeError(read.issues);
  return read.view as T;
}

/** One list page, read. */
export interface PageRead<T> {
  readonly items: readonly T[];
  /** The next page's cursor; null on the last page. */
  readonly next: string | null;
  readonly skipped: readonly InvalidItem[];
}

/** Reads the cursor of a page: absent, null or `""` (or `has_more: false`) ends the listing. */
function nextCursor(page: Json): string | null {
  const next = page.next_cursor;
  if (page.has_more === false || next === undefined || next === null || next === "") return null;
  if (typeof next !== "string") {
    throw new ShapeError([{ path: "next_cursor", expected: "a string or null" }]);
  }
  return next;
}

/**
 * Reads a list page `{ <key>: [...], next_cursor? }`, item by item.
 *
 * @throws {ShapeError} when the page itself is not a list page (the items are not an array, the
 * cursor is not a string).
 */
export function readPage<T>(
  data: unknown,
  key: string,
  rule: ReadRule,
  operation: string,
  callRequestId: string,
): PageRead<T> {
  if (!isObject(data)) throw new ShapeError([{ path: "", expected: "an object" }]);
  const items = data[key];
  if (!Array.isArray(items)) throw new ShapeError([{ path: key, expected: "an array" }]);
  const next = nextCursor(data);
  const strict = rule.strict && fastCheck(rule.strict);
  let views: unknown[] | null = null;
  const skipped: InvalidItem[] = [];
  for (let i = 0; i < items.length; i++) {
    const raw = items[i];
    if (strict !== undefined && strict(raw)) {
      views?.push(raw);
      continue;
    }
    views ??= items.slice(0, i);
    const read = readItem(raw, rule);
    if ("view" in read) views.push(read.view);
    else skipped.push({ operation, index: i, item: raw, issues: read.issues, callRequestId });
  }
  return { items: (views ?? items) as T[], next, skipped };
}
