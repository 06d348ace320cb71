/** `runCli` in process: the same command line, output handed to functions, misuse refused. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../cli/mod.ts";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    options: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {} },
  };
}

describe("runCli()", () => {
  it("prints help for every command to stdout and resolves 0", async () => {
    for (const command of ["verify-bundle", "verify-trail", "export", "spend", "pin"]) {
      const c = capture();
      assert.equal(await runCli([command, "--help"], c.options), 0);
      assert.match(c.out.join(""), new RegExp(`^Usage: keeptrusts ${command} `));
      assert.match(c.out.join(""), /--json/);
      assert.deepEqual(c.err, []);
    }
  });

  it("resolves 2 with one JSON document on stdout for a usage error under --json", async () => {
    const c = capture();
    assert.equal(await runCli(["verify-bundle", "--json"], c.options), 2);
    const doc = JSON.parse(c.out.join(""));
    assert.deepEqual([doc.ok, doc.exit_code, doc.error.kind], [false, 2, "usage"]);
    assert.match(doc.error.message, /required option '--trust <pin>' not specified/);
    assert.match(c.err.join(""), /^error: required option '--trust <pin>' not specified/);
  });

  it("requires --trust for the verifying commands: an unpinned run is a usage error", async () => {
    for (
      const command of [["verify-bundle", "e.zip"], ["verify-trail", "--url", "http://127.0.0.1:9"]]
    ) {
      const c = capture();
      assert.equal(await runCli(command, c.options), 2);
      assert.match(c.err.join(""), /required option '--trust <pin>' not specified/);
    }
  });

  it("refuses a checkpoint file that is not one, naming the file and leaving it as it was", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kt-cli-checkpoint-"));
    try {
      const cases: [string, RegExp][] = [
        ["{ not json", /not UTF-8 JSON/],
        ['{"format":"other","checkpoint":{}}', /not a keeptrusts-checkpoint\/1 file/],
        [
          '{"format":"keeptrusts-checkpoint/1","checkpoint":{"tree_size":"x"}}',
          /checkpoint must be/,
        ],
      ];
      for (const [i, [text, reason]] of cases.entries()) {
        const file = join(dir, `c${i}.json`);
        writeFileSync(file, text);
        const c = capture();
        const args = [
          "verify-trail",
          "--url",
          "http://127.0.0.1:9",
          "--trust",
          `sha256:${"3".repeat(64)}`,
        ];
        const code = await runCli([...args, "--checkpoint", file], {
          ...c.options,
          env: { KEEPTRUSTS_API_TOKEN: "kt_test_token_0123456789" },
        });
        assert.equal(code, 2);
        assert.match(c.err.join(""), new RegExp(`checkpoint.*c${i}\\.json`));
        assert.match(c.err.join(""), reason);
        assert.equal(readFileSync(file, "utf8"), text);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("throws a TypeError naming an unknown option or a wrong argument type", async () => {
    await assert.rejects(runCli([], { stdOut: () => {} } as never), /unknown option stdOut/);
    await assert.rejects(runCli([1] as never), /args must be an array of strings/);
    await assert.rejects(runCli([], { stderrIsTerminal: "yes" } as never), /must be a boolean/);
  });
});
