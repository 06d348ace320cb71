/**
 * `deno task generate`: regenerates `generated/` from `spec/openapi.json` with @hey-api/openapi-ts.
 * `deno task generate --check`: regenerates into a temporary folder and fails when `generated/`
 * differs from it (drift between the spec and the committed client).
 *
 * @module
 */
import { createClient } from "@hey-api/openapi-ts";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { tmpdir } from "node:os";
import config from "../openapi-ts.config.mjs";

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...await listFiles(path));
    else out.push(path);
  }
  return out;
}

async function generate(path: string): Promise<void> {
  // The config file has no imports (and so no types); createClient checks it at run time.
  await createClient(
    { ...config, output: { ...config.output, path } } as Parameters<typeof createClient>[0],
  );
}

const check = Deno.args.includes("--check");
if (!check) {
  await generate("./generated");
  console.log("generated/ rewritten from spec/openapi.json");
} else {
  const tmp = await mkdtemp(join(tmpdir(), "keeptrusts-generated-"));
  try {
    await generate(tmp);
    const want = (await listFiles(tmp)).map((f) => relative(tmp, f)).sort();
    const have = (await listFiles("generated")).map((f) => relative("generated", f)).sort();
    const problems: string[] = [];
    for (const f of new Set([...want, ...have])) {
      if (!want.includes(f)) problems.push(`generated/${f} is not produced by the spec`);
      else if (!have.includes(f)) problems.push(`generated/${f} is missing`);
      else if (
        await readFile(join(tmp, f), "utf8") !== await readFile(join("generated", f), "utf8")
      ) {
        problems.push(`generated/${f} differs from what the spec produces`);
      }
    }
    if (problems.length > 0) {
      console.error(
        `generated/ drifted from spec/openapi.json (run \`deno task generate\`):\n  ${
          problems.join("\n  ")
        }`,
      );
      Deno.exit(1);
    }
    console.log(`generated/ matches spec/openapi.json (${want.length} files)`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
