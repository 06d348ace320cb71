/**
 * Plain-text tables for the readable reports: columns aligned with spaces, numbers to the right,
 * no colour, no box drawing (the output is pasted into tickets and mails). Private to the CLI.
 *
 * @module
 */

/** Renders rows under a header, columns aligned; `right` lists the columns aligned to the right. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: readonly number[] = [],
): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => width(row[c] ?? ""))));
  const line = (row: readonly string[]) =>
    row.map((cell, c) => {
      const pad = " ".repeat(widths[c] - width(cell));
      if (right.includes(c)) return pad + cell;
      return c === row.length - 1 ? cell : cell + pad;
    }).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].map((l) => `  ${l}\n`).join("");
}

/** Code points, not UTF-16 units: close enough for ids, hashes and amounts. */
function width(text: string): number {
  return [...text].length;
}
