/**
 * Gateway-lane benchmarks: `gateway.throughput_ratio` (sequential chat completions through
 * `createGatewayClient` vs a bare `new OpenAI({ baseURL })` against the same in-process stand-in),
 * `demo.chat_requests_per_s` (the bare client's rate, for scale) and `gateway.import_ratio`
 * (importing `./gateway` vs `openai` alone, each in a fresh process).
 *
 * @module
 */
import OpenAI from "openai";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText } from "ai";
import { spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { createGatewayClient, keeptrustsGatewayProvider } from "../../gateway/mod.ts";
import { importGraph } from "../../tests/_import_graph.ts";
import { type Bench, execPath, runtime } from "./_harness.ts";
import { startInProcess } from "./_standin.ts";

const ROOT = decodeURIComponent(new URL("../../", import.meta.url).pathname);
const GATEWAY_ENTRY = new URL("../../gateway/mod.ts", import.meta.url);

async function throughput(bench: Bench): Promise<void> {
  const server = await startInProcess();
  const ours = createGatewayClient({
    baseUrl: server.gatewayUrl,
    apiKey: server.adminToken,
    agentId: "agent-bench",
  });
  const bare = new OpenAI({ baseURL: server.gatewayUrl, apiKey: server.adminToken });
  // The same canonical headers written by hand: what the stand-in does with them (it reads and
  // records them) is then on both sides, and the ratio is the SDK's own cost.
  const byHand = new OpenAI({
    baseURL: server.gatewayUrl,
    apiKey: server.adminToken,
    defaultHeaders: { "x-keeptrusts-agent-id": "agent-bench" },
  });
  const hex = (bytes: number) => randomBytes(bytes).toString("hex");
  const headersByHand = () => ({
    headers: { "x-request-id": randomUUID(), traceparent: `00-${hex(16)}-${hex(8)}-01` },
  });
  const body = {
    model: "gpt-4o-mini",
    messages: [{ role: "user" as const, content: "benchmark" }],
  };
  const calls = bench.size(50, 5);
  const time =
    (client: OpenAI, options?: () => { headers: Record<string, string> }) => async () => {
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) await client.chat.completions.create(body, options?.());
      return performance.now() - t0;
    };
  try {
    const r = await bench.compare({
      metric: "gateway.throughput_ratio",
      baseline: "bare openai client, same stand-in",
      ours: time(ours),
      base: time(bare),
      rounds: bench.size(40, 3),
      warmup: bench.size(4, 1),
      ratio: "base/ours",
      target: { op: ">=", value: 0.98 },
      detail: `${calls} sequential calls per round, stand-in in-process`,
    });
    bench.record("demo.chat_requests_per_s", calls / (r.baseMs.median / 1000), {
      baseline: "none: the bare client's rate in the rounds above",
      unit: "req/s",
    });
    await bench.compare({
      metric: "gateway.throughput_ratio_same_headers",
      baseline: "bare openai client sending the same headers by hand, same stand-in",
      ours: time(ours),
      base: time(byHand, headersByHand),
      rounds: bench.size(40, 3),
      warmup: bench.size(4, 1),
      ratio: "base/ours",
      detail: `${calls} sequential calls per round, stand-in in-process`,
    });
  } finally {
    await server.close();
  }
}

/**
 * `gateway.ai_sdk_ratio`: the Vercel AI SDK's `generateText` through `keeptrustsGatewayProvider`
 * against the AI SDK alone (`createOpenAI({ baseURL, apiKey })`), sequential calls to the same
 * stand-in over loopback. What the provider adds: headers, request ids, trace context, the
 * no-retry rule for denials.
 */
async function aiSdk(bench: Bench): Promise<void> {
  const server = await startInProcess();
  const ours = createOpenAI(
    keeptrustsGatewayProvider({
      baseUrl: server.gatewayUrl,
      apiKey: server.adminToken,
      agentId: "agent-bench",
    }),
  );
  const bare = createOpenAI({ baseURL: server.gatewayUrl, apiKey: server.adminToken });
  const calls = bench.size(50, 5);
  const time = (provider: typeof bare) => async () => {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) {
      await generateText({ model: provider.chat("gpt-4o-mini"), prompt: "benchmark" });
    }
    return performance.now() - t0;
  };
  try {
    await bench.compare({
      metric: "gateway.ai_sdk_ratio",
      baseline: "the AI SDK alone (createOpenAI with baseURL and apiKey), same stand-in",
      ours: time(ours),
      base: time(bare),
      rounds: bench.size(30, 3),
      warmup: bench.size(4, 1),
      ratio: "base/ours",
      target: { op: ">=", value: 0.95 },
      detail: `${calls} sequential generateText calls per round, stand-in on loopback`,
    });
  } finally {
    await server.close();
  }
}

/** Milliseconds that a fresh process of this runtime spends in `await import(spec)`. */
function timeImport(spec: string): number {
  const code = `const t0 = performance.now(); await import(${
    JSON.stringify(spec)
  }); console.log(performance.now() - t0);`;
  const args = runtime === "deno"
    ? ["eval", code]
    : runtime === "bun"
    ? ["-e", code]
    : ["--import", "tsx", "--input-type=module", "-e", code];
  const out = spawnSync(execPath, args, { encoding: "utf8", cwd: ROOT });
  const ms = Number(out.stdout.trim().split("\n").pop());
  if (out.status !== 0 || !Number.isFinite(ms)) {
    throw new Error(`importing ${spec} failed: ${out.stderr}`);
  }
  return ms;
}

async function importRatio(bench: Bench): Promise<void> {
  const { files, packages } = importGraph(GATEWAY_ENTRY);
  await bench.compare({
    metric: "gateway.import_ratio",
    baseline: "import of openai alone, fresh process",
    ours: () => timeImport(GATEWAY_ENTRY.href),
    base: () => timeImport("openai"),
    rounds: bench.size(21, 2),
    warmup: 1,
    ratio: "ours/base",
    target: { op: "<=", value: 1.05 },
    detail: `one pair of fresh processes per round; ./gateway loads ${files.length} files and ${
      packages.join(", ")
    }`,
  });
}

/** Runs the gateway benchmarks selected on the command line. */
export async function run(bench: Bench): Promise<void> {
  if (bench.want("gateway.throughput") || bench.want("demo.chat")) await throughput(bench);
  if (bench.want("gateway.import")) await importRatio(bench);
  if (bench.want("gateway.ai_sdk")) await aiSdk(bench);
}
