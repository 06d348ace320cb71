/**
 * `deno task bench` (or `bun scripts/bench.ts`): every benchmark of the package. Each measures our
 * path and its baseline in the same process, interleaved, over several rounds, prints the median
 * ratio with its min-max, and ends with one JSON line per metric:
 * `{"metric":...,"runtime":...,"value":...,"target":...,"baseline":...}`.
 *
 * @module
 */
import OpenAI from "openai";
import { unzipSync, zipSync } from "fflate";
import { sign } from "node:crypto";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createGatewayClient } from "../gateway/mod.ts";
import { createControlPlaneClient, iterateEvents } from "../control/mod.ts";
import {
  type Digest,
  type EvidenceBundle,
  exportBundleZip,
  type PublicKey,
  type TrailRecord,
  verifyEvidenceBundle,
  verifyTrailEvidence,
} from "../evidence/mod.ts";
import {
  canonicalJson,
  digestPayloadJson,
  recordBodyJson,
  sha256Hex,
} from "../evidence/_canonical.ts";
import { startStandIn } from "../testing/mod.ts";
import { deriveSigningKey } from "../testing/_state/crypto.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const runtime = g.Deno ? "deno" : g.Bun ? "bun" : "node";
const execPath: string = g.Deno ? g.Deno.execPath() : g.process.execPath;
const results: Array<Record<string, unknown>> = [];
const only = (g.Deno ? g.Deno.args : g.process.argv.slice(2)) as string[];
const want = (name: string) => only.length === 0 || only.some((o) => name.includes(o));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = () => performance.now();
function report(metric: string, value: number, target: string, baseline: string, extra = "") {
  results.push({ metric, runtime, value: Math.round(value * 1000) / 1000, target, baseline });
  console.log(
    `${metric.padEnd(32)} ${
      String(Math.round(value * 1000) / 1000).padStart(9)
    }  target ${target}  ${extra}`,
  );
}
/** Interleaved rounds: returns per-round ratios baseline_time / ours_time (higher is better for us). */
async function rounds(
  n: number,
  ours: () => Promise<number> | number,
  base: () => Promise<number> | number,
): Promise<number[]> {
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) {
    const b = await base();
    const o = await ours();
    ratios.push(b / o);
  }
  return ratios;
}
const span = (xs: number[]) =>
  `(rounds ${xs.map((x) => x.toFixed(3)).join(", ")}; min ${Math.min(...xs).toFixed(3)} max ${
    Math.max(...xs).toFixed(3)
  })`;

// ---- gateway.throughput_ratio ---------------------------------------------------------------------
if (want("gateway.throughput")) {
  const server = await startStandIn({});
  const ours = createGatewayClient({
    baseUrl: server.gatewayUrl,
    apiKey: server.tokens.admin,
    agentId: "agent-bench",
  });
  const bare = new OpenAI({ baseURL: server.gatewayUrl, apiKey: server.tokens.admin });
  const body = {
    model: "gpt-4o-mini",
    messages: [{ role: "user" as const, content: "benchmark" }],
  };
  const time = async (client: OpenAI, calls: number) => {
    const t0 = now();
    for (let i = 0; i < calls; i++) await client.chat.completions.create(body);
    return now() - t0;
  };
  await time(ours, 100);
  await time(bare, 100);
  const r = await rounds(4, () => time(ours, 500), () => time(bare, 500));
  report(
    "gateway.throughput_ratio",
    median(r),
    ">=0.95",
    "bare openai client",
    `2,000 calls each ${span(r)}`,
  );
  const bareMs = await time(bare, 1000);
  report(
    "demo.chat_requests_per_s",
    1000 / (bareMs / 1000),
    "(report)",
    "none",
    "plain openai client, sequential, server in-process",
  );
  await server.close();
}

// ---- gateway.import_ratio --------------------------------------------------------------------------
if (want("gateway.import")) {
  const timeImport = (spec: string) => {
    const code = `const t0 = performance.now(); await import(${
      JSON.stringify(spec)
    }); console.log(performance.now() - t0);`;
    const args = runtime === "deno"
      ? ["eval", code]
      : runtime === "bun"
      ? ["-e", code]
      : ["--import", "tsx", "--input-type=module", "-e", code];
    const out = spawnSync(execPath, args, { encoding: "utf8" });
    return Number(out.stdout.trim().split("\n").pop());
  };
  const gatewayPath = new URL("../gateway/mod.ts", import.meta.url).href;
  const ours: number[] = [];
  const base: number[] = [];
  // Five pairs of fresh processes, the order alternating within a pair; the ratio is the median of
  // the five pair ratios, which cancels drift of the machine between pairs.
  for (let i = 0; i < 5; i++) {
    if (i % 2 === 0) {
      base.push(timeImport("openai"));
      ours.push(timeImport(gatewayPath));
    } else {
      ours.push(timeImport(gatewayPath));
      base.push(timeImport("openai"));
    }
  }
  const pairRatios = ours.map((o, i) => o / base[i]);
  // What ./gateway loads: walk its relative imports.
  const seen = new Set<string>();
  const bare = new Set<string>();
  const walk = (url: URL) => {
    if (seen.has(url.href)) return;
    seen.add(url.href);
    // Import statements only: doc-comment examples (lines starting with * or //) are not loaded.
    const code = readFileSync(url, "utf8").split("\n").filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l))
      .join("\n");
    for (const m of code.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+["']([^"']+)["']/g)) {
      if (m[1].startsWith(".")) walk(new URL(m[1], url));
      else bare.add(m[1]);
    }
  };
  walk(new URL("../gateway/mod.ts", import.meta.url));
  const heavy = [...seen].filter((f) => f.includes("/generated/")).concat(
    [...bare].filter((b) => b === "valibot" || b === "fflate"),
  );
  report(
    "gateway.import_ratio",
    median(pairRatios),
    "<=1.10",
    "import of openai alone",
    `(pairs ${pairRatios.map((r) => r.toFixed(3)).join(", ")}; ./gateway ${
      median(ours).toFixed(1)
    } ms, openai ${median(base).toFixed(1)} ms; loads: ${
      [...bare].join(", ")
    }; valibot/fflate/generated: ${heavy.length === 0 ? "none" : heavy.join(", ")})`,
  );
}

/** Starts `testing/serve.ts` in a child process of the same runtime and waits for its URL. */
async function startServerProcess(seedEvents: number) {
  const { spawn } = await import("node:child_process");
  const script = new URL("../testing/serve.ts", import.meta.url).pathname;
  const args = runtime === "deno"
    ? ["run", "-A", script]
    : runtime === "bun"
    ? [script]
    : ["--import", "tsx", script];
  const child = spawn(execPath, args, {
    env: {
      ...g.process?.env,
      ...(g.Deno ? g.Deno.env.toObject() : {}),
      PORT: "0",
      KEEPTRUSTS_DEMO_SEED_EVENTS: String(seedEvents),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Uint8Array) => {
      out += new TextDecoder().decode(chunk);
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code: number) => reject(new Error(`demo server exited (${code})`)));
  });
  return { url, readToken: "kt_demo_read_token", close: () => child.kill() };
}

// ---- control.iterate_ratio / control.iterate_peak_rss_mib ----------------------------------------
if (want("control.iterate")) {
  // The server runs in its own process, so that the memory measured here is the SDK's alone.
  const t0 = now();
  const server = await startServerProcess(100_000);
  console.log(`(server process seeded 100,000 events in ${((now() - t0) / 1000).toFixed(1)} s)`);
  const client = createControlPlaneClient({ baseUrl: server.url, bearerToken: server.readToken });
  const rss = () => (g.Deno ? g.Deno.memoryUsage().rss : g.process.memoryUsage().rss) as number;
  let peak = 0;
  const ourRun = async () => {
    const start = rss();
    const t1 = now();
    let n = 0;
    for await (const _ of iterateEvents(client, { limit: 1000 })) {
      if (++n % 1000 === 0) peak = Math.max(peak, rss() - start);
    }
    if (n !== 100_000) throw new Error(`iterated ${n}`);
    return now() - t1;
  };
  const baseRun = async () => {
    const t1 = now();
    let cursor: string | null = null;
    let n = 0;
    do {
      const url = `${server.url}/v1/events?limit=1000${cursor ? `&cursor=${cursor}` : ""}`;
      const res = await fetch(url, { headers: { authorization: `Bearer ${server.readToken}` } });
      const page = JSON.parse(await res.text());
      n += page.events.length;
      cursor = page.next_cursor;
    } while (cursor);
    if (n !== 100_000) throw new Error(`fetched ${n}`);
    return now() - t1;
  };
  {
    const t1 = now();
    let cursor: string | null = null;
    let n = 0;
    do {
      const res = await fetch(
        `${server.url}/v1/events?limit=500${cursor ? `&cursor=${cursor}` : ""}`,
        { headers: { authorization: `Bearer ${server.readToken}` } },
      );
      const page = JSON.parse(await res.text());
      n += page.events.length;
      cursor = page.next_cursor;
    } while (cursor);
    report(
      "demo.events_per_s",
      n / ((now() - t1) / 1000),
      "(report)",
      "none",
      "GET /v1/events, pages of 500, fetch + JSON.parse",
    );
  }
  const r = await rounds(3, ourRun, baseRun);
  report("control.iterate_ratio", median(r), ">=0.6", "fetch + JSON.parse loop", span(r));
  report("control.iterate_peak_rss_mib", peak / 1024 / 1024, "<=64", "RSS at start of iteration");
  server.close();
}

// ---- evidence: a synthetic signed trail ------------------------------------------------------------
function syntheticTrail(count: number, digestEvery: number) {
  const key = deriveSigningKey("bench-key");
  const records: TrailRecord[] = [];
  const bodies: string[] = [];
  let prev = "0".repeat(64);
  const base = Date.parse("2026-05-31T00:00:00Z");
  for (let seq = 1; seq <= count; seq++) {
    const r = {
      seq,
      record_id: `rec_${String(seq).padStart(8, "0")}`,
      created_at: new Date(base + seq).toISOString().replace("Z", "000Z"),
      kind: "decision",
      request_id: `req_${seq}`,
      event_id: `evt_${seq}`,
      payload_hash: sha256Hex(`event-${seq}`),
      prev_hash: prev,
    } as TrailRecord;
    const body = recordBodyJson(r as unknown as Record<string, unknown>);
    (r as { hash: string }).hash = sha256Hex(body);
    prev = r.hash;
    records.push(r);
    bodies.push(body);
  }
  const digests: Digest[] = [];
  for (let first = 1; first <= count; first += digestEvery) {
    const last = Math.min(count, first + digestEvery - 1);
    const d = {
      digest_id: `dig_${first}`,
      storage_key: `digests/${first}.json`,
      hash_algorithm: "sha256",
      signature_algorithm: "ed25519",
      kid: "key_bench",
      first_seq: first,
      last_seq: last,
      record_count: last - first + 1,
      head_hash: records[last - 1].hash,
      prev_digest_id: digests.length ? digests[digests.length - 1].digest_id : null,
      start_time: records[first - 1].created_at,
      end_time: records[last - 1].created_at,
      created_at: records[last - 1].created_at,
    } as unknown as Digest;
    (d as { signature: string }).signature = Buffer.from(
      sign(
        null,
        new TextEncoder().encode(digestPayloadJson(d as unknown as Record<string, unknown>)),
        key.privateKey,
      ),
    ).toString("base64url");
    digests.push(d);
  }
  const keys: PublicKey[] = [{
    kty: "OKP",
    crv: "Ed25519",
    x: key.x,
    kid: "key_bench",
    alg: "EdDSA",
    use: "sig",
    status: "active",
    not_before: "2026-01-01T00:00:00.000000Z",
    not_after: null,
  }];
  return { records, bodies, digests, keys };
}

if (want("evidence.verify")) {
  const t0 = now();
  const { records, bodies, digests, keys } = syntheticTrail(1_000_000, 1000);
  console.log(
    `(built a 1,000,000-record trail with ${digests.length} signed digests in ${
      ((now() - t0) / 1000).toFixed(1)
    } s)`,
  );
  const ours = () => {
    const t1 = now();
    const result = verifyTrailEvidence({ records, digests, keys });
    if (!result.ok) throw new Error("synthetic trail does not verify");
    return now() - t1;
  };
  // Baseline: a bare chain that serialises each record the simplest correct way for its known
  // shape (JSON.stringify of the fields in RFC 8785 key order), hashes it and links it.
  const q = JSON.stringify;
  const base = () => {
    const t1 = now();
    let prev = "0".repeat(64);
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      const h = sha256Hex(
        `{"created_at":${q(r.created_at)},"event_id":${q(r.event_id)},"kind":${
          q(r.kind)
        },"payload_hash":${q(r.payload_hash)},"prev_hash":${q(r.prev_hash)},"record_id":${
          q(r.record_id)
        },"request_id":${q(r.request_id)},"seq":${r.seq}}`,
      );
      if (r.prev_hash !== prev || h !== r.hash) throw new Error("baseline mismatch");
      prev = h;
    }
    return now() - t1;
  };
  // Stricter baseline: the canonical bytes are prepared before the clock starts.
  const precomputed = () => {
    const t1 = now();
    let prev = "0".repeat(64);
    for (let i = 0; i < bodies.length; i++) {
      const h = sha256Hex(bodies[i]);
      if (records[i].prev_hash !== prev || h !== records[i].hash) {
        throw new Error("baseline mismatch");
      }
      prev = h;
    }
    return now() - t1;
  };
  const r = await rounds(3, ours, base);
  report(
    "evidence.verify_ratio",
    median(r),
    ">=0.7",
    "bare SHA-256 chain, canonical bytes built per record",
    span(r),
  );
  const p = await rounds(3, ours, precomputed);
  report(
    "evidence.verify_ratio_precomputed",
    median(p),
    "(report)",
    "bare SHA-256 chain over canonical bytes built beforehand",
    span(p),
  );
}

function syntheticFix(rs: TrailRecord[]): TrailRecord[] {
  let prev = "0".repeat(64);
  return rs.map((r) => {
    const x = { ...r, prev_hash: prev } as TrailRecord;
    (x as { hash: string }).hash = sha256Hex(
      recordBodyJson(x as unknown as Record<string, unknown>),
    );
    prev = x.hash;
    return x;
  });
}

function resign(d: Digest, head: string): Digest {
  const key = deriveSigningKey("bench-key");
  const x = { ...d, head_hash: head } as Digest;
  const payload = new TextEncoder().encode(
    digestPayloadJson(x as unknown as Record<string, unknown>),
  );
  (x as { signature: string }).signature = Buffer.from(sign(null, payload, key.privateKey))
    .toString("base64url");
  return x;
}

if (want("evidence.bundle") || want("evidence.zip")) {
  const { records, digests, keys } = syntheticTrail(10_000, 10_000);
  const event = {
    event_id: "evt_1",
    request_id: "req_1",
    created_at: records[0].created_at,
    verdict: "allow",
    citations: [],
  };
  records[0] = { ...records[0], payload_hash: sha256Hex(canonicalJson(event)) };
  // Re-chain after changing the first record's payload hash.
  const fixed = syntheticFix(records);
  digests[0] = resign(digests[0], fixed[fixed.length - 1].hash);
  const verification = verifyTrailEvidence({
    records: fixed,
    digests,
    keys,
    events: new Map([["evt_1", event]]),
  });
  const bundle = {
    request_id: "req_1",
    event,
    trail: fixed,
    digest: digests[0],
    public_key: keys[0],
    verification,
  } as unknown as EvidenceBundle;
  const exportTimes: number[] = [];
  const verifyTimes: number[] = [];
  let zip = exportBundleZip(bundle);
  const files = unzipSync(zip);
  const zipRatios = await rounds(5, () => {
    const t1 = now();
    zip = exportBundleZip(bundle);
    const t = now() - t1;
    exportTimes.push(t);
    return t;
  }, () => {
    const t1 = now();
    zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: 6 }]])));
    return now() - t1;
  });
  for (let i = 0; i < 5; i++) {
    const t1 = now();
    if (!verifyEvidenceBundle(zip).ok) throw new Error("bundle does not verify");
    verifyTimes.push(now() - t1);
  }
  report(
    "evidence.bundle_export_ms",
    median(exportTimes),
    "(report)",
    "none",
    `10,000-record bundle, ${zip.length} bytes`,
  );
  report("evidence.bundle_verify_ms", median(verifyTimes), "(report)", "none");
  report(
    "evidence.zip_ratio",
    median(zipRatios),
    ">=0.9",
    "fflate zipSync of the same files",
    span(zipRatios),
  );
}

console.log("");
for (const r of results) console.log(JSON.stringify(r));
