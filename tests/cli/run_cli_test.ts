/** `runCli` in process: the same command line, output handed to functions, misuse refused. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
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

  it("throws a TypeError naming an unknown option or a wrong argument type", async () => {
    await assert.rejects(runCli([], { stdOut: () => {} } as never), /unknown option stdOut/);
    await assert.rejects(runCli([1] as never), /args must be an array of strings/);
    await assert.rejects(runCli([], { stderrIsTerminal: "yes" } as never), /must be a boolean/);
  });
});
