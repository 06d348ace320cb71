import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createPublicKey } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const script = new URL("../../testing/serve.ts", import.meta.url).pathname;

/** Runs `testing/serve.ts` with this test's own runtime; resolves with what it printed. */
function serve(env: Record<string, string>): Promise<{ out: string; stop: () => void }> {
  const [cmd, args] = g.Deno
    ? [g.Deno.execPath(), ["run", "-A", script]]
    : g.Bun
    ? [process.execPath, [script]]
    : [process.execPath, ["--import", "tsx", script]];
  const child = spawn(cmd, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr!.on("data", (chunk) => (err += chunk));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      if (/not secrets\./.test(out)) resolve({ out, stop: () => child.kill() });
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

describe("deno task serve (testing/serve.ts)", () => {
  it("prints its URL, its demo tokens and its first key's fingerprint, which openssl agrees with", async () => {
    const { out, stop } = await serve({ PORT: "0", KEEPTRUSTS_DEMO_SEED_EVENTS: "3" });
    try {
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out)?.[1];
      const admin = /demo admin token:\s+(\S+)/.exec(out)?.[1];
      const fingerprint = /first key:\s+(sha256:[0-9a-f]{64})/.exec(out)?.[1];
      assert.ok(url && admin && fingerprint, out);
      assert.equal(admin, "kt_demo_admin_token");
      const keys = await fetch(`${url}/v1/trail/public-keys`, {
        headers: { authorization: `Bearer ${admin}` },
      }).then((r) => r.json());
      const first = keys.keys[0];
      const pem = createPublicKey({
        key: { kty: "OKP", crv: "Ed25519", x: first.x },
        format: "jwk",
      })
        .export({ type: "spki", format: "pem" });
      const dir = mkdtempSync(join(tmpdir(), "standin-"));
      try {
        writeFileSync(join(dir, "key.pem"), pem);
        const openssl = spawnSync("sh", [
          "-c",
          `openssl pkey -pubin -in ${join(dir, "key.pem")} -outform DER | sha256sum`,
        ], { encoding: "utf8" });
        assert.equal(openssl.status, 0, openssl.stderr);
        assert.equal(fingerprint, `sha256:${openssl.stdout.split(" ")[0]}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      stop();
    }
  });

  it("exits with status 2 and a clear message when PORT is not a port", async () => {
    await assert.rejects(serve({ PORT: "eighty" }), /serve exited with 2: PORT must be an integer/);
  });
});
