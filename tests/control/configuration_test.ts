import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  createControlPlaneClient,
  KeeptrustsConfigurationError,
  whoami,
} from "../../control/mod.ts";
import { caught, recordingFetch } from "../_helpers.ts";
import { serveRoutes } from "./_platform.ts";

const token = "kt_live_configuration_0001";
const root = new URL("../..", import.meta.url).pathname;
const deno = `${root}node_modules/.bin/deno`;

/** Sets process environment variables for the duration of `fn` (Deno, Bun and Node alike). */
function withEnv(vars: Record<string, string | undefined>, fn: () => void): void {
  const env = (globalThis as { process: { env: Record<string, string | undefined> } }).process.env;
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, env[k]]));
  try {
    for (const [k, v] of Object.entries(vars)) v === undefined ? delete env[k] : (env[k] = v);
    fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete env[k] : (env[k] = v);
  }
}

describe("configuration", () => {
  it("catches a control-plane URL ending in /v1 before the first request, with the URL to use", () => {
    const { fetch, sent } = recordingFetch();
    for (
      const [url, fix] of [
        ["https://api.keeptrusts.com/v1", "https://api.keeptrusts.com"],
        ["https://api.keeptrusts.com/v1/", "https://api.keeptrusts.com"],
        ["https://corp.example/keeptrusts/v1", "https://corp.example/keeptrusts"],
      ]
    ) {
      let err: unknown;
      try {
        createControlPlaneClient({ baseUrl: url, bearerToken: token, fetch });
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof KeeptrustsConfigurationError, url);
      assert.equal(err.code, "base_url_version");
      assert.ok(err.message.endsWith(`use ${fix}`), err.message);
    }
    withEnv(
      { KEEPTRUSTS_API_URL: "https://api.eu.keeptrusts.com/v1", KEEPTRUSTS_API_TOKEN: token },
      () => {
        assert.throws(
          () => createControlPlaneClient(),
          /KEEPTRUSTS_API_URL https:\/\/api\.eu\.keeptrusts\.com\/v1 ends in \/v1/,
        );
      },
    );
    const prefixed = createControlPlaneClient({
      baseUrl: "https://corp.example/keeptrusts",
      bearerToken: token,
    });
    assert.equal(prefixed.baseUrl, "https://corp.example/keeptrusts");
    assert.equal(sent.length, 0);
  });

  it("reads the URL and token from an env record (Workers bindings), never from the process then", async () => {
    const server = await serveRoutes({ "GET /v1/whoami": () => Response.json({ scopes: [] }) });
    try {
      withEnv({
        KEEPTRUSTS_API_URL: "https://elsewhere.example",
        KEEPTRUSTS_API_TOKEN: "kt_live_process_000000",
      }, () => {
        const client = createControlPlaneClient({
          env: { KEEPTRUSTS_API_URL: server.url, KEEPTRUSTS_API_TOKEN: token },
        });
        assert.equal(client.baseUrl, server.url);
        let err: unknown;
        try {
          createControlPlaneClient({ env: { KEEPTRUSTS_API_URL: server.url } });
        } catch (e) {
          err = e;
        }
        assert.ok(err instanceof KeeptrustsConfigurationError, "the process's token is not used");
        assert.match(err.message, /set KEEPTRUSTS_API_TOKEN in env/);
      });
      const client = createControlPlaneClient({
        env: { KEEPTRUSTS_API_URL: server.url, KEEPTRUSTS_API_TOKEN: token },
      });
      await whoami(client);
      assert.equal(server.seen[0].headers.get("authorization"), `Bearer ${token}`);
      assert.throws(
        () => createControlPlaneClient({ env: "KEEPTRUSTS_API_TOKEN=x" as never }),
        /env must be a record/,
      );
      assert.throws(
        () => createControlPlaneClient({ env: { KEEPTRUSTS_API_TOKEN: 5 } as never }),
        /must be a string/,
      );
    } finally {
      await server.close();
    }
  });

  it("reports Deno's refusal to read the environment as such, not as a missing variable", () => {
    const run = spawnSync(
      deno,
      ["run", "--allow-net", "tests/control/_permission_child.ts", "env"],
      {
        cwd: root,
        env: { ...process.env, KEEPTRUSTS_API_TOKEN: token, NO_COLOR: "1" },
        encoding: "utf8",
      },
    );
    const report = JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}");
    assert.equal(report.name, "KeeptrustsConfigurationError", run.stderr);
    assert.equal(report.code, "env_denied");
    assert.match(report.message, /Deno denied access to the environment/);
    assert.match(report.message, /\(they may well be set\)/);
    assert.match(report.message, /--allow-env=KEEPTRUSTS_API_URL,KEEPTRUSTS_API_TOKEN/);
  });

  it("does not retry when Deno refuses network access, and names the URL and the flag", async () => {
    const server = await serveRoutes({ "GET /v1/whoami": () => Response.json({ scopes: [] }) });
    try {
      const run = spawnSync(deno, [
        "run",
        "--allow-env",
        "tests/control/_permission_child.ts",
        "net",
        server.url,
      ], {
        cwd: root,
        env: { ...process.env, NO_COLOR: "1" },
        encoding: "utf8",
      });
      const report = JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}");
      assert.equal(report.name, "KeeptrustsConfigurationError", run.stderr);
      assert.equal(report.code, "net_denied");
      assert.ok(report.message.includes(`${server.url}/v1/whoami`), report.message);
      assert.match(report.message, /--allow-net/);
      assert.match(report.message, /Not retried/);
      assert.ok(report.ms < 2000, "no backoff wait: not retried");
      assert.equal(server.seen.length, 0);
    } finally {
      await server.close();
    }
  });

  it("keeps a connection failure's message free of the token and names the cause", async () => {
    const gone = await serveRoutes({});
    await gone.close();
    const err = await caught(
      whoami(createControlPlaneClient({ baseUrl: gone.url, bearerToken: token, maxRetries: 0 })),
    );
    assert.equal((err as Error).name, "KeeptrustsConnectionError");
    assert.ok(!(err as Error).message.includes(token));
    assert.match((err as Error).message, /not retried|after 1 attempt/);
  });
});
