import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { importGraph } from "../_import_graph.ts";

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
