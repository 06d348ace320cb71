/**
 * `spend` as a child process on the runtime running the test, against a stand-in on loopback: the
 * table equals the SDK's exact summary; a progress bar only on a terminal.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createControlPlaneClient, iterateEvents, summarizeSpend } from "../../control/mod.ts";
import { type RunningStandIn, startStandIn } from "../../testing/mod.ts";
import { assertNoToken, cliCommand, runCliProcess, runProcess } from "./_run.ts";

const hasScript = () => spawnSync("sh", ["-c", "command -v script"]).status === 0;

let standIn: RunningStandIn;
let env: Record<string, string>;

before(async () => {
  standIn = await startStandIn({ seedEvents: 30 });
  env = { KEEPTRUSTS_API_TOKEN: standIn.tokens.read };
});
after(() => standIn.close());

/** A control plane answering `GET /v1/events` with one page in a documented shape. */
async function serveEvents(events: unknown[]): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ events }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("spend (child process)", () => {
  it("prints the SDK's exact totals by agent, model and day, in words and in JSON", async () => {
    const client = createControlPlaneClient({
      baseUrl: standIn.url,
      bearerToken: standIn.tokens.read,
    });
    for (const by of ["agent", "model", "day"] as const) {
      const expected = await summarizeSpend(iterateEvents(client), { by });
      const run = await runCliProcess(["spend", "--url", standIn.url, "--by", by, "--json"], env);
      assert.equal(run.code, 0, run.stderr);
      const doc = JSON.parse(run.stdout);
      assert.deepEqual(doc.spend, JSON.parse(JSON.stringify(expected)));
      assert.equal(
        doc.spend.groups.reduce((n: number, g: { events: number }) => n + g.events, 0),
        doc.spend.events,
      );
    }
    const words = await runCliProcess(["spend", "--url", standIn.url, "--by", "model"], env);
    assert.equal(words.code, 0);
    const expected = await summarizeSpend(iterateEvents(client), { by: "model" });
    assert.match(
      words.stdout,
      new RegExp(
        `total\\s+${expected.events}\\s.*\\s${
          expected.total_cost_usd_decimal.replace(".", "\\.")
        }\\n`,
      ),
    );
    assert.doesNotMatch(words.stdout, /\d\.\d*0000000\d/, "no float noise");
    assertNoToken(words, standIn.tokens.read);
  });

  it("draws a progress bar on stderr only when it is a terminal (a pseudo-terminal via script)", async (t) => {
    const piped = await runCliProcess(["spend", "--url", standIn.url], env);
    assert.equal(piped.code, 0);
    assert.equal(piped.stderr, "", "silence when stderr is a pipe");
    if (!hasScript()) return t.skip("no script(1) to make a pseudo-terminal");
    const [command, prefix] = cliCommand();
    const line = [command, ...prefix, "spend", "--url", standIn.url].map((a) => `'${a}'`).join(" ");
    const tty = await runProcess("script", ["-qfec", line, "/dev/null"], env);
    assert.equal(tty.code, 0, tty.stdout);
    assert.match(tty.stdout, /reading events/);
    assert.match(tty.stdout, /\u001b\[2K/, "the bar is removed when done");
    assert.match(tty.stdout, /Spend of .* by agent/);
    assertNoToken(tty, standIn.tokens.read);
  });

  it("sums amounts exactly: 0.1 + 0.2 is 0.3, decimal strings included, no float noise", async () => {
    const event = (id: string, agent: string, cost: unknown) => ({
      event_id: id,
      request_id: `req-${id}`,
      agent_id: agent,
      created_at: "2026-05-31T10:00:00Z",
      verdict: "allow",
      cost_usd: cost,
    });
    const { url, server } = await serveEvents([
      event("e1", "agent-a", 0.1),
      event("e2", "agent-a", 0.2),
      event("e3", "agent-b", "0.00001935"),
    ]);
    try {
      const run = await runCliProcess(["spend", "--url", url, "--by", "agent", "--json"]);
      assert.equal(run.code, 0, run.stderr);
      const spend = JSON.parse(run.stdout).spend;
      assert.deepEqual(
        spend.groups.map((g: { key: string; total_cost_usd_decimal: string }) => [
          g.key,
          g.total_cost_usd_decimal,
        ]),
        [["agent-a", "0.3"], ["agent-b", "0.00001935"]],
      );
      assert.equal(spend.total_cost_usd_decimal, "0.30001935");
      const words = await runCliProcess(["spend", "--url", url]);
      assert.match(words.stdout, /agent-a\s+2\s.*\s0\.3\n/);
      assert.match(words.stdout, /total\s+3\s.*\s0\.30001935\n/);
    } finally {
      server.close();
    }
  });

  it("exits 2 on a --by the command does not know, naming the choices", async () => {
    const run = await runCliProcess(["spend", "--url", standIn.url, "--by", "week"], env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /agent, model, day/);
  });
});
