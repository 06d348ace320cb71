/**
 * The import graph of an entry point, read from the source text: every relative module it loads
 * and every package it names. Shared by the tests that prove the layering rules of CONTRIBUTING.md
 * (`tests/gateway/imports_test.ts`, `tests/evidence/imports_test.ts`) and by the benchmarks, which
 * print what an entry loads beside its import time.
 *
 * @module
 */
import { readFileSync } from "node:fs";

/** What an entry point loads. */
export interface ImportGraph {
  /** Every relative module reached, as `file:` URLs, the entry first. */
  readonly files: string[];
  /** Every bare specifier named (`openai`, `node:crypto`, ...), in the order first met. */
  readonly packages: string[];
}

// `import ... from "x"`, `export ... from "x"` and the side-effect form `import "x"`; the lazy
// `import("x")` of optional integrations is not part of what an entry loads.
const IMPORT = /(?:^|\n)\s*(?:(?:import|export)\b[^;]*?\bfrom\s*|import\s*)["']([^"']+)["']/g;
// Doc comments and line comments hold example imports that are never loaded.
const COMMENT_LINE = /^\s*(\*|\/\/|\/\*)/;

/**
 * Walks the static imports of `entry` and of every relative module it reaches.
 *
 * @param entry The entry module, e.g. `new URL("../gateway/mod.ts", import.meta.url)`.
 * @returns The files and packages it loads.
 */
export function importGraph(entry: URL): ImportGraph {
  const files = new Set<string>();
  const packages = new Set<string>();
  const walk = (url: URL) => {
    if (files.has(url.href)) return;
    files.add(url.href);
    const code = readFileSync(url, "utf8").split("\n").filter((l) => !COMMENT_LINE.test(l))
      .join("\n");
    for (const m of code.matchAll(IMPORT)) {
      if (m[1].startsWith(".")) walk(new URL(m[1], url));
      else packages.add(m[1]);
    }
  };
  walk(entry);
  return { files: [...files], packages: [...packages] };
}
