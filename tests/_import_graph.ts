/** The import graph of a module: the files it loads and the packages it imports. */
import { readFileSync } from "node:fs";

/** Every module an entry loads (relative files) and every package it imports. */
export function importGraph(entry: URL): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const walk = (url: URL) => {
    if (files.has(url.href)) return;
    files.add(url.href);
    // Import statements only: doc-comment examples (lines starting with * or //) are not loaded.
    const code = readFileSync(url, "utf8").split("\n").filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l))
      .join("\n");
    for (const m of code.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+["']([^"']+)["']/g)) {
      if (m[1].startsWith(".")) walk(new URL(m[1], url));
      else packages.add(m[1]);
    }
  };
  walk(entry);
  return { files: [...files], packages: [...packages] };
}
