/**
 * `verify-trail` and `pin` as child processes on the runtime running the test, against stand-ins
 * on loopback: pins printed as trust on first use and read back as --trust; the checkpoint file
 * round-trip (stored, proved consistent and replaced on the next run; a rewritten history caught
 * on the second run, the stored checkpoint kept); no token in any output or file.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningStandIn, startStandIn } from "../../testing/mod.ts";
import { assertNoToken, governedRequests, runCliProcess } from "./_run.ts";

let dir: string;
let standIn: RunningStandIn;

/** A stand-in whose admin token is the one the CLI processes get. */
function start(options: Parameters<typeof startStandIn>[0] = {}) {
  return startStandIn({ seedEvents: 20, ...options });
}
const env = (s: RunningStandIn) => ({ KEEPTRUSTS_API_TOKEN: s.tokens.read });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "kt-cli-trail-"));
  standIn = await start();
});
after(async () => {
  await standIn.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("pin (child process)", () => {
  it("prints the current keys' fingerprints and says it is trust on first use", async () => {
    const words = await runCliProcess(["pin", "--url", standIn.url], env(standIn));
    assert.equal(words.code, 0, words.stderr);
    assert.ok(words.stdout.includes(standIn.fingerprint));
    assert.match(words.stdout, /This is trust on first use\./);
    assert.match(
      words.stdout.replace(/\s+/g, " "),
      /nothing here proves they are the platform's real keys/,
    );
    const json = await runCliProcess(["pin", "--url", standIn.url, "--json"], env(standIn));
    const doc = JSON.parse(json.stdout);
    assert.equal(doc.trust_on_first_use, true);
    assert.ok(doc.keys.some((k: { fingerprint: string }) => k.fingerprint === standIn.fingerprint));
    assertNoToken(words, standIn.tokens.read);
    assertNoToken(json, standIn.tokens.read);
  });
});

describe("verify-trail (child process)", () => {
  it("verifies against pin --json output given as --trust, with no checkpoint", async () => {
    const pins = join(dir, "pins.json");
    const pin = await runCliProcess(["pin", "--url", standIn.url, "--json"], env(standIn));
    writeFileSync(pins, pin.stdout);
    const run = await runCliProcess(
      ["verify-trail", "--url", standIn.url, "--trust", pins, "--allow-pending", "--json"],
      env(standIn),
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const doc = JSON.parse(run.stdout);
    assert.equal(doc.verification.ok, true);
    assert.equal(doc.verification.chain_integrity, "intact");
    assert.equal(doc.checkpoint_stored, false);
    assert.equal(run.stderr, "");
  });

  it("fails with exit 1 when the pin is some other key", async () => {
    const run = await runCliProcess(
      [
        "verify-trail",
        "--url",
        standIn.url,
        "--trust",
        `sha256:${"1".repeat(64)}`,
        "--allow-pending",
      ],
      env(standIn),
    );
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /untrusted_key/);
    assert.match(run.stdout, /Result: NOT VERIFIED/);
  });

  it("stores the checkpoint, proves the grown log consistent with it, and catches a rewritten history", async () => {
    const server = await start({ seed: 7 });
    const { fingerprint } = server;
    const file = join(dir, "checkpoint.json");
    const args = () => [
      "verify-trail",
      "--url",
      server.url,
      "--trust",
      fingerprint,
      "--checkpoint",
      file,
      "--allow-pending",
      "--json",
    ];
    try {
      const first = await runCliProcess(args(), env(server));
      assert.equal(first.code, 0, first.stdout + first.stderr);
      assert.equal(JSON.parse(first.stdout).checkpoint_stored, true);
      const stored1 = JSON.parse(readFileSync(file, "utf8"));
      assert.equal(stored1.format, "keeptrusts-checkpoint/1");

      await governedRequests(server, 16, "req-grow");
      const second = await runCliProcess(args(), env(server));
      assert.equal(second.code, 0, second.stdout + second.stderr);
      assert.equal(JSON.parse(second.stdout).verification.consistency, "proved");
      const stored2 = JSON.parse(readFileSync(file, "utf8"));
      assert.ok(stored2.checkpoint.tree_size > stored1.checkpoint.tree_size);

      // Someone holding the keys rewrites record 3 and re-signs every later tree head.
      server.setLies({ rewriteRecord: 3 });
      const before = readFileSync(file);
      const third = await runCliProcess(args(), env(server));
      assert.equal(third.code, 1, third.stdout + third.stderr);
      const doc = JSON.parse(third.stdout);
      assert.equal(doc.verification.consistency, "failed");
      assert.equal(doc.checkpoint_stored, false);
      assert.deepEqual(readFileSync(file), before, "the stored checkpoint is kept");
      const again = await runCliProcess(args(), env(server));
      assert.equal(again.code, 1, "still caught on the next run");
      const words = await runCliProcess(args().filter((a) => a !== "--json"), env(server));
      assert.match(words.stdout, /kept: this run did not verify/);
      for (const run of [first, second, third, again, words]) {
        assertNoToken(run, server.tokens.read);
      }
      assert.ok(!readFileSync(file, "utf8").includes(server.tokens.read));
      assert.deepEqual(
        readdirSync(dir).filter((f) => f.endsWith(".tmp")),
        [],
        "no temporary file left",
      );
    } finally {
      await server.close();
    }
    assert.ok(existsSync(file));
  });
});
