import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { importGraph } from "../_import_graph.ts";

describe("./evidence", () => {
  it("imports neither lane, nor the generated client, nor valibot: it runs offline anywhere", () => {
    const { files, packages } = importGraph(new URL("../../evidence/mod.ts", import.meta.url));
    assert.deepEqual(
      files.filter((f) => /\/(gateway|control|generated|_shared|testing|demo)\//.test(f)),
      [],
    );
    assert.ok(!packages.includes("valibot") && !packages.includes("openai"), packages.join(", "));
    assert.ok(packages.includes("fflate") && packages.includes("node:crypto"), packages.join(", "));
  });

  it("is what the control lane uses, and the control lane is not what it uses", () => {
    const control = importGraph(new URL("../../control/mod.ts", import.meta.url));
    assert.ok(control.files.some((f) => f.endsWith("/evidence/mod.ts")));
    const evidence = importGraph(new URL("../../evidence/mod.ts", import.meta.url));
    assert.deepEqual(evidence.files.filter((f) => f.includes("/control/")), []);
  });
});
