/**
 * The CLI as a child process on the runtime running the test: usage and input errors exit 2 with a
 * reason, in words and in `--json`, and never with the token.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertNoToken, runCliProcess, TOKEN } from "./_run.ts";

const PIN = `sha256:${"ab".repeat(32)}`;
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "kt-cli-usage-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("the CLI process: usage and input errors", () => {
  it("exits 2 and names the file when the bundle does not exist, in words and in --json", async () => {
    const missing = join(dir, "missing.zip");
    const words = await runCliProcess(["verify-bundle", missing, "--trust", PIN]);
    assert.equal(words.code, 2);
    assert.equal(words.stdout, "");
    assert.match(words.stderr, /Cannot read bundle .*missing\.zip: no such file or folder/);
    const json = await runCliProcess(["verify-bundle", missing, "--trust", PIN, "--json"]);
    assert.equal(json.code, 2);
    const doc = JSON.parse(json.stdout);
    assert.deepEqual([doc.ok, doc.exit_code, doc.error.kind], [false, 2, "input"]);
    assertNoToken(words);
    assertNoToken(json);
  });

  it("exits 2 on an unknown flag without echoing the value given to it", async () => {
    const run = await runCliProcess([
      "verify-bundle",
      "e.zip",
      "--trust",
      PIN,
      "--token=some-secret-typed-on-the-command-line",
    ]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown option '--token'/);
    assert.doesNotMatch(run.stderr + run.stdout, /some-secret-typed/);
  });

  it("exits 2 when the file is not a zip at all", async () => {
    const path = join(dir, "not-a.zip");
    writeFileSync(path, "this is not a zip archive\n".repeat(10));
    const run = await runCliProcess(["verify-bundle", path, "--trust", PIN, "--json"]);
    assert.equal(run.code, 2);
    assert.equal(JSON.parse(run.stdout).error.kind, "bundle");
  });

  it("exits 2 and says where the token comes from when KEEPTRUSTS_API_TOKEN is unset", async () => {
    const run = await runCliProcess(
      ["verify-trail", "--url", "http://127.0.0.1:9", "--trust", PIN],
      {
        KEEPTRUSTS_API_TOKEN: undefined,
      },
    );
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Set KEEPTRUSTS_API_TOKEN .*never taken from a flag/);
  });

  it("exits 2 naming the unreachable server, without the token", async () => {
    const run = await runCliProcess([
      "verify-trail",
      "--url",
      "http://127.0.0.1:9",
      "--trust",
      PIN,
      "--json",
    ]);
    assert.equal(run.code, 2);
    const doc = JSON.parse(run.stdout);
    assert.equal(doc.error.kind, "network");
    assert.match(doc.error.message, /127\.0\.0\.1:9/);
    assertNoToken(run);
  });

  it("refuses a --url that carries credentials without printing them", async () => {
    const run = await runCliProcess(["pin", "--url", `https://user:${TOKEN}x@example.com`]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /carries credentials; set KEEPTRUSTS_API_TOKEN instead/);
    assert.doesNotMatch(run.stderr + run.stdout, /user:/);
    assertNoToken(run);
  });

  it("prints help for a command and exits 0", async () => {
    const run = await runCliProcess(["verify-trail", "--help"]);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Usage: keeptrusts verify-trail/);
    assert.match(run.stdout, /--checkpoint <file>/);
  });
});
