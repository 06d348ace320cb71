/**
 * Deno without `--allow-env`: a variable the runtime refuses to read is reported as refused, never as
 * missing. Run from every runtime by starting Deno (from node_modules) on a small script.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const deno = join(root, "node_modules/.bin/deno");
let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "kt-env-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `body` under Deno with `flags`; returns what it printed (one JSON line). */
function runDeno(flags: string[], body: string): Record<string, unknown> {
  const script = join(dir, `s${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(
    script,
    `import { createGatewayClient } from ${JSON.stringify(join(root, "gateway/mod.ts"))};
try {
  ${body}
  console.log(JSON.stringify({ ok: true }));
} catch (err) {
  console.log(JSON.stringify({ name: err.name, code: err.code, message: err.message }));
}`,
  );
  const env = {
    PATH: (globalThis as { process?: { env: Record<string, string> } }).process?.env.PATH ?? "",
    KEEPTRUSTS_API_KEY: "kt_set_but_denied",
    KEEPTRUSTS_GATEWAY_URL: "http://127.0.0.1:49999/v1",
    NO_COLOR: "1",
  };
  const out = spawnSync(deno, [
    "run",
    "--no-prompt",
    "--config",
    join(root, "deno.json"),
    ...flags,
    script,
  ], {
    cwd: root,
    env,
    encoding: "utf8",
  });
  const line = out.stdout.trim().split("\n").pop() ?? "";
  assert.ok(line.startsWith("{"), `deno printed: ${out.stdout}${out.stderr}`);
  return JSON.parse(line);
}

describe("reading the environment under Deno's permissions", () => {
  it("says Deno refused a variable, instead of calling it missing", () => {
    const result = runDeno([], `createGatewayClient();`);
    assert.equal(result.name, "KeeptrustsConfigurationError");
    assert.equal(result.code, "env_denied");
    assert.match(String(result.message), /Deno denied access .*--allow-env=KEEPTRUSTS_GATEWAY_URL/);
    assert.doesNotMatch(String(result.message), /kt_set_but_denied/);
  });

  it("names OPENAI_CUSTOM_HEADERS, which the openai package itself reads, when only it is refused", () => {
    const ours = "KEEPTRUSTS_GATEWAY_URL,KEEPTRUSTS_API_KEY,KEEPTRUSTS_AGENT_ID";
    const result = runDeno([`--allow-env=${ours}`], `createGatewayClient();`);
    assert.equal(result.code, "env_denied");
    assert.match(
      String(result.message),
      /OPENAI_CUSTOM_HEADERS.*--allow-env=OPENAI_CUSTOM_HEADERS/,
    );
  });

  it("works with the env option and permission for openai's one variable", () => {
    const result = runDeno(
      ["--allow-env=OPENAI_CUSTOM_HEADERS"],
      `createGatewayClient({ env: { KEEPTRUSTS_GATEWAY_URL: "http://127.0.0.1:49999/v1", KEEPTRUSTS_API_KEY: "k" } });`,
    );
    assert.deepEqual(result, { ok: true });
  });

  it("fails a call Deno refuses to send with what to change, without another attempt", () => {
    const result = runDeno(
      ["--allow-env=OPENAI_CUSTOM_HEADERS"],
      `await createGatewayClient({ env: { KEEPTRUSTS_GATEWAY_URL: "http://127.0.0.1:49999/v1", KEEPTRUSTS_API_KEY: "k" } })
    .chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] });`,
    );
    assert.equal(result.name, "KeeptrustsConfigurationError");
    assert.equal(result.code, "net_denied");
    assert.match(String(result.message), /--allow-net=127\.0\.0\.1:49999/);
  });
});
