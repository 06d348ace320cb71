import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

/** Every module `./gateway` loads (relative files) and every package it imports. */
function importGraph(entry: URL): { files: string[]; packages: string[] } {
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

describe("./gateway", () => {
  it("loads only openai and Web APIs: no valibot, fflate, generated client or node: built-in", () => {
    const { files, packages } = importGraph(new URL("../../gateway/mod.ts", import.meta.url));
    assert.deepEqual(packages, ["openai"]);
    assert.ok(
      files.some((f) => f.includes("/_shared/")),
      "the private shared file is part of it",
    );
    assert.deepEqual(files.filter((f) => f.includes("/generated/") || f.includes("/control/")), []);
  });

  it("does not import the control lane, and the control lane does not import it", () => {
    const control = importGraph(new URL("../../control/mod.ts", import.meta.url));
    assert.deepEqual(control.files.filter((f) => f.includes("/gateway/")), []);
    assert.ok(control.packages.includes("valibot") && control.packages.includes("fflate"));
  });
});
