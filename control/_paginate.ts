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
 * The walk itself: an async iterator that hands out the items of the page it holds as already
 * resolved promises (an async generator would run one promise chain per item), and fetches the
 * next page only when those are used up. One page at a time, one fetch at a time.
 */
class PageWalk<T> implements AsyncIterableIterator<T> {
  #items: readonly T[] = [];
  #at = 0;
  /** The cursor of the next page: `undefined` before the first, `null` after the last. */
  #cursor: string | null | undefined;
  #started = false;
  #finished = false;
  #loading: Promise<void> | null = null;
  #page = 0;
  readonly #seen = new Set<string>();
  readonly #unreported: ResponseIssue[] = [];
  #skipped = 0;
  #lastRequestId: string | null = null;

  constructor(
    firstCursor: string | undefined,
    readonly fetchPage: (cursor: string | undefined) => Promise<WalkedPage<T>>,
    readonly options: PaginateOptions,
  ) {
    this.#cursor = firstCursor;
    if (firstCursor !== undefined) this.#seen.add(firstCursor);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.#at < this.#items.length) {
      return Promise.resolve({ value: this.#items[this.#at++], done: false });
    }
    return this.#advance();
  }

  return(): Promise<IteratorResult<T, undefined>> {
    this.#finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  #finish(): void {
    this.#finished = true;
    this.#items = [];
    this.#at = 0;
  }

  async #advance(): Promise<IteratorResult<T, undefined>> {
    while (this.#at >= this.#items.length) {
      if (this.#finished) return { value: undefined, done: true };
      if (this.#loading !== null) {
        await this.#loading;
        continue;
      }
      if (this.#started && this.#cursor === null) {
        this.#finish();
        this.#reportSkipped();
        return { value: undefined, done: true };
      }
      this.#loading = this.#load().finally(() => (this.#loading = null));
      await this.#loading;
    }
    return { value: this.#items[this.#at++], done: false };
  }

  /** Fetches the next page; on any failure the walk ends with it. */
  async #load(): Promise<void> {
    // The used-up page goes before the next is fetched: one page in memory, not two.
    this.#items = [];
    this.#at = 0;
    try {
      if (this.#started) this.#refuseLoop(this.#cursor as string);
      this.#started = true;
      const { items, next, skipped = [] } = await this.fetchPage(this.#cursor ?? undefined);
      this.#page++;
      for (const item of skipped) this.#takeSkipped(item);
      this.#items = items;
      this.#at = 0;
      this.#cursor = next ?? null;
    } catch (err) {
      this.#finish();
      throw err;
    }
  }

  #refuseLoop(next: string): void {
    if (this.#seen.has(next)) {
      const shown = next.length > SHOWN ? `${next.slice(0, SHOWN)}...` : next;
      throw new KeeptrustsResponseError(
        `${this.options.operation ?? "listing"}: page ${this.#page} sent next_cursor ` +
          `${JSON.stringify(shown)} again; stopped rather than list the same pages forever`,
        { code: "cursor_loop" },
      );
    }
    this.#seen.add(next);
  }

  #takeSkipped(item: InvalidItem): void {
    this.#lastRequestId = item.callRequestId;
    if (this.options.onInvalidItem) return this.options.onInvalidItem(item);
    this.#skipped++;
    const issue = item.issues[0];
    if (issue !== undefined && this.#unreported.length < 20) {
      const at = [this.options.key, `${item.index}`, issue.path].filter(Boolean).join(".");
      this.#unreported.push({ path: `page ${this.#page}: ${at}`, expected: issue.expected });
    }
  }

  #reportSkipped(): void {
    const n = this.#skipped;
    if (n === 0) return;
    const operation = this.options.operation ?? "listing";
    const first = this.#unreported[0] ?? { path: "(item)", expected: "a readable item" };
    throw new KeeptrustsValidationError(
      `${operation} skipped ${n} item${n === 1 ? "" : "s"} that could not be read (first: ` +
        `${first.path} expected ${first.expected}); every other item was yielded. Pass ` +
        "onInvalidItem to handle such items yourself",
      {
        operation,
        issues: this.#unreported,
        requestId: this.#lastRequestId,
        code: "invalid_items",
      },
    );
  }
}

/**
 * Walks a cursor-paginated listing: fetches a page, yields its items, follows `next` until it is
 * null or absent. Holds one page at a time (and the cursors seen, to refuse a loop).
 *
 * @throws {KeeptrustsResponseError} (code `cursor_loop`) when a cursor comes back.
 * @throws {KeeptrustsValidationError} (code `invalid_items`) after the last page, when items were
 * skipped and no `onInvalidItem` took them.
 */
export function paginate<T>(
  firstCursor: string | undefined,
  fetchPage: (cursor: string | undefined) => Promise<WalkedPage<T>>,
  options: PaginateOptions = {},
): AsyncIterableIterator<T> {
  return new PageWalk(firstCursor, fetchPage, options);
}
