import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { createGatewayClient, KeeptrustsConfigurationError } from "../../gateway/mod.ts";
import { recordingFetch } from "../_helpers.ts";
import { ask, useStandIn } from "./_stand_in.ts";

const standIn = useStandIn();

const g = globalThis as Record<string, unknown> & {
  process?: { env: Record<string, string | undefined> };
  Deno?: { inspect(v: unknown, o?: object): string };
  Bun?: { inspect(v: unknown): string };
};

describe("the gateway client's hardening", () => {
  it("never shows the key when the client is inspected, logged, spread or serialised", () => {
    const apiKey = "kt_live_inspect_me_not_0123456789";
    const client = createGatewayClient({
      baseUrl: standIn.server.gatewayUrl,
      apiKey,
      agentId: "agent-i",
    });
    const logged: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => logged.push(args.map((a) => inspect(a)).join(" "));
    try {
      console.log(client);
    } finally {
      console.log = original;
    }
    const views = [
      ...logged,
      inspect(client),
      inspect(client, { showHidden: true, depth: 6 }),
      JSON.stringify(client),
      JSON.stringify({ ...client }),
      Object.entries(client).map(String).join(","),
      g.Deno?.inspect(client, { depth: 6 }) ?? "",
      g.Deno?.inspect(client, { depth: 6, showHidden: true }) ?? "",
      g.Bun?.inspect(client) ?? "",
    ];
    for (const view of views) {
      assert.ok(!view.includes(apiKey), `key shown in: ${view.slice(0, 120)}`);
    }
    assert.match(inspect(client), /GatewayClient .*agent-i/);
    assert.equal(client.apiKey, apiKey, "still readable on purpose");
  });

  it("ignores every OPENAI_* variable: custom headers, admin key, organisation, project, log level", async () => {
    const env = g.process?.env;
    if (!env) return;
    const vars: Record<string, string> = {
      OPENAI_CUSTOM_HEADERS: "Authorization: Bearer sk-custom\nx-request-id: req_fixed\nx-extra: 1",
      OPENAI_ADMIN_KEY: "sk-admin",
      OPENAI_ORG_ID: "org-x",
      OPENAI_PROJECT_ID: "proj-x",
      OPENAI_LOG: "debug",
      OPENAI_BASE_URL: "http://openai.invalid/v1",
      OPENAI_API_KEY: "sk-openai",
    };
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, env[k]]));
    const printed: unknown[] = [];
    const methods = ["log", "debug", "info", "warn", "error"] as const;
    const originals = methods.map((m) => console[m]);
    Object.assign(env, vars);
    for (const m of methods) console[m] = (...args: unknown[]) => void printed.push(args);
    try {
      const { fetch, sent } = recordingFetch();
      const client = createGatewayClient(standIn.options({ fetch }));
      await client.chat.completions.create(ask("one"));
      await client.withOptions({ timeout: 9_000 }).chat.completions.create(ask("two"));
      for (const s of sent) {
        assert.equal(s.headers.get("authorization"), `Bearer ${standIn.server.adminToken}`);
        assert.equal(s.headers.get("x-extra"), null);
        assert.equal(s.headers.get("openai-organization"), null);
        assert.equal(s.headers.get("openai-project"), null);
        assert.ok(s.url.startsWith(standIn.server.gatewayUrl));
      }
      assert.notEqual(sent[0].headers.get("x-request-id"), sent[1].headers.get("x-request-id"));
      assert.deepEqual(printed, [], "OPENAI_LOG=debug logs nothing (prompts stay out of logs)");
    } finally {
      methods.forEach((m, i) => (console[m] = originals[i]));
      for (const [k, v] of Object.entries(saved)) v === undefined ? delete env[k] : (env[k] = v);
    }
  });

  it("refuses to start in a browser page with an error naming createGatewayClient and the option", async () => {
    const saved = { window: g.window, document: g.document };
    g.window = globalThis;
    g.document = {};
    try {
      const options = standIn.options();
      assert.throws(
        () => createGatewayClient(options),
        (err) =>
          err instanceof KeeptrustsConfigurationError && err.code === "browser" &&
          /createGatewayClient\(\{ \.\.\., dangerouslyAllowBrowser: true \}\)/.test(err.message) &&
          !/new OpenAI/.test(err.message),
      );
      const client = createGatewayClient({ ...options, dangerouslyAllowBrowser: true });
      const reply = await client.chat.completions.create(ask("from a page"));
      assert.equal(reply.choices[0].message.content, "Echo: from a page");
    } finally {
      for (const [k, v] of Object.entries(saved)) v === undefined ? delete g[k] : (g[k] = v);
    }
  });
});
