import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { importGraph } from "../_import_graph.ts";

const root = new URL("../../", import.meta.url).href;
/** Files of a graph relative to the repository root (the checkout's own path may hold "gateway"). */
const relative = (files: string[]) => files.map((f) => f.slice(root.length));

describe("./gateway", () => {
  it("loads only openai and Web APIs: no valibot, fflate, generated client or node: built-in", () => {
    const { files, packages } = importGraph(new URL("../../gateway/mod.ts", import.meta.url));
    assert.deepEqual(packages, ["openai"]);
    const own = relative(files);
    assert.ok(own.some((f) => f.startsWith("_shared/")), "the private shared files are part of it");
    assert.deepEqual(own.filter((f) => !/^(gateway|_shared)\/|^errors\.ts$/.test(f)), []);
  });

  it("does not import the control lane, and the control lane does not import it", () => {
    const control = importGraph(new URL("../../control/mod.ts", import.meta.url));
    assert.deepEqual(relative(control.files).filter((f) => f.startsWith("gateway/")), []);
    assert.ok(control.packages.includes("valibot"));
  });
});
