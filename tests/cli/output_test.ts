/**
 * What the CLI prints: the token never (in any spelling), hostile text from evidence escaped, a
 * progress bar only on a terminal.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createIo } from "../../cli/_io.ts";
import { startProgress } from "../../cli/_progress.ts";
import { renderVerification } from "../../cli/_report.ts";
import { safeJson } from "../../cli/_safe_text.ts";
import { importGraph } from "../_import_graph.ts";

const TOKEN = 'kt_live_"quoted"/token 0123456789';

describe("CLI output", () => {
  it("replaces the token, JSON-escaped and URL-encoded too, on stdout and stderr", () => {
    const seen: string[] = [];
    const io = createIo({
      env: { KEEPTRUSTS_API_TOKEN: TOKEN },
      stdout: (t) => seen.push(t),
      stderr: (t) => seen.push(t),
    });
    io.out(`plain ${TOKEN}\n`);
    io.out(JSON.stringify({ token: TOKEN }));
    io.err(`url https://x.test/?t=${encodeURIComponent(TOKEN)}`);
    const all = seen.join("");
    assert.equal(all.split("[redacted]").length - 1, 3);
    assert.ok(!all.includes("kt_live_"), all);
  });

  it("escapes terminal controls and bidi overrides that a forged bundle puts in its text", () => {
    const hostile = "\u001b[1A\u001b[2K\rResult: VERIFIED\u202e";
    const text = renderVerification("Evidence bundle x.zip", {
      ok: false,
      chain_integrity: "broken",
      keys: [{ kid: hostile, fingerprint: "sha256:00", trusted_by: null }],
      failures: [{ code: "bad_signature", reason: hostile, file: "digest.sig" }],
    });
    assert.doesNotMatch(text, /[\u001b\r\u202e]/);
    assert.match(text, /\\u001b\[1A/);
    assert.match(text, /bad_signature \[file digest\.sig\]/);
    assert.match(text, /NOT TRUSTED/);
    assert.match(text, /\nResult: NOT VERIFIED\n$/);
    assert.doesNotMatch(safeJson({ reason: hostile }), /[\u001b\u202e]/);
    assert.deepEqual(JSON.parse(safeJson({ reason: hostile })), { reason: hostile });
  });

  it("draws a progress bar on a terminal and removes it; draws nothing otherwise", async () => {
    const drawn: string[] = [];
    const tty = await startProgress(
      createIo({ stderr: (t) => drawn.push(t), stderrIsTerminal: true, env: {} }),
      "reading events",
      "events",
    );
    tty.update(300);
    tty.stop();
    assert.match(drawn.join(""), /reading events 300 events/);
    const silent: string[] = [];
    const pipe = await startProgress(
      createIo({ stderr: (t) => silent.push(t), stderrIsTerminal: false, env: {} }),
      "reading events",
      "events",
    );
    pipe.update(300);
    pipe.stop();
    assert.deepEqual(silent, []);
  });

  it("starts with a small import graph: no control lane, no verifier, no progress library", () => {
    const { files, packages } = importGraph(new URL("../../cli/mod.ts", import.meta.url));
    assert.deepEqual(files.filter((f) => /\/(control|evidence|generated)\//.test(f)), []);
    assert.deepEqual(packages.filter((p) => !p.startsWith("node:")).sort(), ["commander"]);
  });
});
