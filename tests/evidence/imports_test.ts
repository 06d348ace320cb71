import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { importGraph } from "../_import_graph.ts";

const root = new URL("../../", import.meta.url).href;
/** Files of a graph relative to the repository root (the checkout's own path may hold "gateway"). */
const relative = (files: string[]) => files.map((f) => f.slice(root.length));

describe("./evidence", () => {
  it("imports neither lane, nor the generated client, nor valibot: it runs offline anywhere", () => {
    const { files, packages } = importGraph(new URL("../../evidence/mod.ts", import.meta.url));
    assert.deepEqual(
      relative(files).filter((f) => !/^evidence\/|^(evidence_)?errors\.ts$/.test(f)),
      [],
    );
    assert.ok(!packages.includes("valibot") && !packages.includes("openai"), packages.join(", "));
    assert.ok(packages.includes("fflate") && packages.includes("node:crypto"), packages.join(", "));
  });

  it("is what the control lane uses, and the control lane is not what it uses", () => {
    const control = importGraph(new URL("../../control/mod.ts", import.meta.url));
    assert.ok(relative(control.files).includes("evidence/mod.ts"));
    const evidence = importGraph(new URL("../../evidence/mod.ts", import.meta.url));
    assert.deepEqual(relative(evidence.files).filter((f) => f.startsWith("control/")), []);
  });
});
