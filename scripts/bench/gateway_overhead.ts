/**
 * `gateway.attempt_overhead_us`: the CPU time the gateway lane itself adds to one call (its
 * `prepareRequest` hook and fetch wrapper: the call's ids and trace context, the canonical headers),
 * with the network and the server taken out: both clients call a `fetch` that answers at once with
 * the same chat completion. The baseline is the same calls on a bare `new OpenAI`. CPU time
 * (`process.cpuUsage`) rather than wall time, so that other processes on a busy machine weigh less;
 * it is printed in microseconds per call beside `gateway.throughput_ratio`, which measures the whole
 * round trip.
 *
 * @module
 */
import OpenAI from "openai";
import { cpuUsage } from "node:process";
import { createGatewayClient } from "../../gateway/mod.ts";
import type { Bench } from "./_harness.ts";
import { spread } from "./_stats.ts";

const COMPLETION = JSON.stringify({
  id: "chatcmpl-bench",
  object: "chat.completion",
  created: 1,
  model: "gpt-4o-mini",
  choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
});
const answer = (() =>
  Promise.resolve(
    new Response(COMPLETION, { headers: { "content-type": "application/json" } }),
  )) as typeof fetch;

const cpuMs = () => {
  const { user, system } = cpuUsage();
  return (user + system) / 1000;
};

/** Runs the overhead benchmark when selected. */
export async function run(bench: Bench): Promise<void> {
  if (!bench.want("gateway.attempt_overhead")) return;
  const baseUrl = "http://127.0.0.1:9/v1";
  const ours = createGatewayClient({ baseUrl, apiKey: "k", agentId: "agent-bench", fetch: answer });
  const bare = new OpenAI({ baseURL: baseUrl, apiKey: "k", fetch: answer });
  const body = {
    model: "gpt-4o-mini",
    messages: [{ role: "user" as const, content: "benchmark" }],
  };
  const calls = bench.size(500, 20);
  const round = async (client: OpenAI) => {
    const t0 = cpuMs();
    for (let i = 0; i < calls; i++) await client.chat.completions.create(body);
    return cpuMs() - t0;
  };
  const warmup = bench.size(4, 1);
  const diffs: number[] = [];
  for (let i = 0; i < warmup + bench.size(40, 3); i++) {
    // Alternate which side goes first, as the harness does.
    let o: number, b: number;
    if (i % 2) {
      o = await round(ours);
      b = await round(bare);
    } else {
      b = await round(bare);
      o = await round(ours);
    }
    if (i >= warmup) diffs.push(((o - b) / calls) * 1000);
  }
  bench.record("gateway.attempt_overhead_us", spread(diffs), {
    baseline: "bare openai client, the same instant fetch",
    unit: "us",
    detail:
      `${calls} calls per round, CPU time, no network: what the lane's hook and fetch wrapper cost`,
  });
}
