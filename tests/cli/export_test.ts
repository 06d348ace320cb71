/**
 * `export` as a child process on the runtime running the test, against a stand-in on loopback: the
 * exported zip verifies with `verify-bundle`; an existing file is kept; a fresh request waits for
 * its signature with --wait.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createControlPlaneClient, listEvents } from "../../control/mod.ts";
import { type RunningStandIn, startStandIn } from "../../testing/mod.ts";
import { assertNoToken, governedRequests, runCliProcess } from "./_run.ts";

let dir: string;
let standIn: RunningStandIn;
let env: Record<string, string>;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "kt-cli-export-"));
  standIn = await startStandIn({ seedEvents: 30 });
  env = { KEEPTRUSTS_API_TOKEN: standIn.tokens.read };
});
after(async () => {
  await standIn.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("export (child process)", () => {
  it("writes a bundle that verify-bundle verifies against the stand-in's pin", async () => {
    const client = createControlPlaneClient({
      baseUrl: standIn.url,
      bearerToken: standIn.tokens.read,
    });
    const { events } = await listEvents(client, { limit: 2 });
    const out = join(dir, "evidence.zip");
    const run = await runCliProcess([
      "export",
      events[0].request_id!,
      "--url",
      standIn.url,
      "-o",
      out,
      "--json",
    ], env);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const doc = JSON.parse(run.stdout);
    assert.equal(doc.bundle.request_id, events[0].request_id);
    assert.equal(doc.bundle.bytes, readFileSync(out).length);
    const check = await runCliProcess(["verify-bundle", out, "--trust", standIn.fingerprint]);
    assert.equal(check.code, 0, check.stdout);
    assertNoToken(run, standIn.tokens.read);

    const kept = readFileSync(out);
    const exportTo = (id: string, ...more: string[]) =>
      runCliProcess(["export", id, "--url", standIn.url, "-o", out, ...more], env);
    const again = await exportTo(events[1].request_id!);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists \(pass --force to replace it\)/);
    assert.deepEqual(readFileSync(out), kept);
    const wrongPin = await exportTo(
      events[1].request_id!,
      "--force",
      "--trust",
      `sha256:${"2".repeat(64)}`,
    );
    assert.equal(wrongPin.code, 1, "written, but it does not verify against that pin");
    assert.match(wrongPin.stdout, /untrusted_key/);
    const rightPin = await exportTo(
      events[0].request_id!,
      "--force",
      "--trust",
      standIn.fingerprint,
    );
    assert.equal(rightPin.code, 0, rightPin.stdout);
    const recheck = await runCliProcess(["verify-bundle", out, "--trust", standIn.fingerprint]);
    assert.equal(recheck.code, 0, recheck.stdout);
    const badWait = await exportTo(events[0].request_id!, "--force", "--wait", "0");
    assert.equal(badWait.code, 2);
    assert.match(badWait.stderr, /whole seconds from 1 to 3600/);
  });

  it("waits for a fresh request's signature with --wait, and says so without it", async () => {
    const [fresh] = await governedRequests(standIn, 1, "req-fresh");
    const out = join(dir, "fresh.zip");
    const now = await runCliProcess(
      ["export", fresh, "--url", standIn.url, "-o", out, "--json"],
      env,
    );
    assert.equal(now.code, 2, now.stdout);
    assert.match(JSON.parse(now.stdout).error.message, /sign/i);
    const waiting = runCliProcess(
      ["export", fresh, "--url", standIn.url, "-o", out, "--wait"],
      env,
    );
    await new Promise((r) => setTimeout(r, 300));
    await governedRequests(standIn, 10, "req-after");
    const run = await waiting;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, new RegExp(`request ${fresh}`));
  });

  it("exits 2 for a request the control plane does not know", async () => {
    const run = await runCliProcess([
      "export",
      "req-does-not-exist",
      "--url",
      standIn.url,
      "-o",
      join(dir, "x.zip"),
    ], env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /req-does-not-exist/);
  });
});
