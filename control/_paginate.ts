/**
 * The one cursor walker behind every `iterate*` helper: bounded memory (one page at a time), a
 * cursor that comes back is an error (a server that repeats itself cannot make a listing run
 * forever), and items a page could not read are reported, never silently dropped.
 *
 * @module
 */
import {
  KeeptrustsResponseError,
  KeeptrustsValidationError,
  type ResponseIssue,
} from "../errors.ts";
import type { InvalidItem } from "./types.ts";

/** One page as a walker sees it. */
export interface WalkedPage<T> {
  readonly items: readonly T[];
  /** The next page's cursor; null or absent on the last page. */
  readonly next: string | null | undefined;
  /** Items of the page that could not be read. */
  readonly skipped?: readonly InvalidItem[];
}

/** How a walk reports. */
export interface PaginateOptions {
  /** The listing, for messages (`listEvents`). */
  readonly operation?: string;
  /** The page's item key, for the paths of skipped items (`events`). */
  readonly key?: string;
  /**
   * Called with each item that could not be read. Without it, the walk yields every readable item
   * and then throws a `KeeptrustsValidationError` (code `invalid_items`) naming the skipped ones.
   */
  readonly onInvalidItem?: (item: InvalidItem) => void;
}

/** The longest cursor quoted in a message. */
const SHOWN = 40;

/**
 * Walks a cursor-paginated listing: fetches a page, yields its items, follows `next` until it is
 * null or absent. Holds one page at a time (and the cursors seen, to refuse a loop).
 *
 * @throws {KeeptrustsResponseError} (code `cursor_loop`) when a cursor comes back.
 * @throws {KeeptrustsValidationError} (code `invalid_items`) after the last page, when items were
 * skipped and no `onInvalidItem` took them.
 */
export async function* paginate<T>(
  firstCursor: string | undefined,
  fetchPage: (cursor: string | undefined) => Promise<WalkedPage<T>>,
  options: PaginateOptions = {},
): AsyncGenerator<T, void, undefined> {
  const operation = options.operation ?? "listing";
  const seen = new Set<string>();
  if (firstCursor !== undefined) seen.add(firstCursor);
  const unreported: ResponseIssue[] = [];
  let skippedCount = 0;
  let lastRequestId: string | null = null;
  let cursor = firstCursor;
  for (let page = 1;; page++) {
    const { items, next, skipped = [] } = await fetchPage(cursor);
    for (const item of skipped) {
      lastRequestId = item.callRequestId;
      if (options.onInvalidItem) options.onInvalidItem(item);
      else {
        skippedCount++;
        for (const issue of item.issues.slice(0, 1)) {
          if (unreported.length >= 20) break;
          const at = [options.key, `${item.index}`, issue.path].filter(Boolean).join(".");
          unreported.push({ path: `page ${page}: ${at}`, expected: issue.expected });
        }
      }
    }
    yield* items;
    if (next === null || next === undefined) break;
    if (seen.has(next)) {
      const shown = next.length > SHOWN ? `${next.slice(0, SHOWN)}...` : next;
      throw new KeeptrustsResponseError(
        `${operation}: page ${page} sent next_cursor ${JSON.stringify(shown)} again; stopped ` +
          "rather than list the same pages forever",
        { code: "cursor_loop" },
      );
    }
    seen.add(next);
    cursor = next;
  }
  if (skippedCount > 0) {
    throw new KeeptrustsValidationError(
      `${operation} skipped ${skippedCount} item${skippedCount === 1 ? "" : "s"} that could ` +
        `not be read (first: ${unreported[0].path} expected ${unreported[0].expected}); every ` +
        "other item was yielded. Pass onInvalidItem to handle such items yourself",
      { operation, issues: unreported, requestId: lastRequestId, code: "invalid_items" },
    );
  }
}
