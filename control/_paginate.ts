/**
 * The one cursor walker behind every `iterate*` helper.
 *
 * @module
 */

/**
 * Walks a cursor-paginated listing: fetches a page, yields its items, follows `next_cursor` until it
 * is null or absent. Holds one page at a time.
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
