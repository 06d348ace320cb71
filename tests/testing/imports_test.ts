import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { importGraph } from "../_import_graph.ts";

const root = new URL("../../", import.meta.url).href;
const relative = (files: string[]) => files.map((f) => f.slice(root.length));

describe("./testing", () => {
  it("never imports the library it stands in for: its own implementation of the format keeps the tests honest", () => {
    for (const entry of ["testing/mod.ts", "testing/serve.ts"]) {
      const { files, packages } = importGraph(new URL(`../../${entry}`, import.meta.url));
      const foreign = relative(files).filter((f) => !/^testing\/|^spec\/openapi\.json$/.test(f));
      assert.deepEqual(foreign, [], `${entry} reaches ${foreign.join(", ")}`);
      const allowed = ["hono", "canonicalize", "node:crypto", "node:path", "node:url"];
      assert.deepEqual(
        packages.filter((p) => !allowed.includes(p) && !p.startsWith("hono/")),
        [],
        packages.join(", "),
      );
    }
  });

  it("serves the spec it implements: the document is part of what it loads", () => {
    const { files } = importGraph(new URL("../../testing/mod.ts", import.meta.url));
    assert.ok(relative(files).includes("spec/openapi.json"));
    assert.ok(relative(files).includes("testing/_state/trail.ts"));
  });
});
