/**
 * The gateway lane in a real browser: bundled with esbuild, loaded by a page on one origin, calling
 * the stand-in on another (CORS) from headless Chromium (Debian's `chromium`, driven with
 * puppeteer-core). The control lane, bundled for the same page, refuses to start.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { type ServedHandler, serveFetch } from "../../testing/_app/serve_fetch.ts";
import { useStandIn } from "../gateway/_stand_in.ts";

const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;

/** Debian's Chromium (or CHROMIUM_PATH); a missing one fails the test with how to install it. */
function chromium(): string {
  const found = [env?.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"]
    .find((p) => p && existsSync(p));
  if (found) return found;
  throw new Error(
    "Chromium is not installed: run `apt-get install -y chromium` (.ci/run does it), or set " +
      "CHROMIUM_PATH to a Chromium or Chrome binary",
  );
}

/** What a bundler with empty fallbacks does with `node:` modules (webpack's `fallback: false`). */
const emptyNodeModules: Plugin = {
  name: "empty-node-modules",
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: "empty" }));
    b.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "module.exports = {}" }));
  },
};

async function bundle(entry: string, plugins: Plugin[] = []) {
  const result = await build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    metafile: true,
    plugins,
    logLevel: "silent",
  });
  return { code: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs) };
}

const standIn = useStandIn();
let site: ServedHandler;
let browser: Browser;
let page: Page;
let profile: string;
let gatewayInputs: string[];
const pageErrors: string[] = [];

before(async () => {
  const executablePath = chromium();
  const gateway = await bundle("./_gateway_page.ts");
  const control = await bundle("./_control_page.ts", [emptyNodeModules]);
  gatewayInputs = gateway.inputs;
  const files: Record<string, [string, string]> = {
    "/": [
      '<!doctype html><script type="module" src="/gateway.js"></script>' +
      '<script type="module" src="/control.js"></script>',
      "text/html",
    ],
    "/gateway.js": [gateway.code, "text/javascript"],
    "/control.js": [control.code, "text/javascript"],
  };
  site = await serveFetch((request) => {
    const file = files[new URL(request.url).pathname];
    return file
      ? new Response(file[0], { headers: { "content-type": file[1] } })
      : new Response("not found", { status: 404 });
  });
  profile = mkdtempSync(join(tmpdir(), "kt-chromium-"));
  browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${profile}`,
    ],
  });
  page = await browser.newPage();
  page.on("pageerror", (err) => pageErrors.push(String(err)));
  // The page and the stand-in are on different ports: different origins, so every call is CORS.
  await page.goto(`http://localhost:${site.port}/`);
  await page.waitForFunction("globalThis.gateway && globalThis.control", { timeout: 20_000 });
});

after(async () => {
  await browser?.close();
  await site?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const config = (agentId: string) => standIn.options({ agentId });
// deno-lint-ignore no-explicit-any
const run = (lane: string, scenario: string, arg: unknown): Promise<any> =>
  page.evaluate(
    (l, s, a) =>
      (globalThis as unknown as Record<string, Record<string, (a: unknown) => unknown>>)[l][s](a),
    lane,
    scenario,
    arg as never,
  );

describe("the gateway lane in headless Chromium", () => {
  it("bundles for the browser without the control lane, evidence or node: built-ins", () => {
    assert.deepEqual(gatewayInputs.filter((f) => /^(control|evidence|generated)\//.test(f)), []);
    assert.deepEqual(gatewayInputs.filter((f) => f.startsWith("node:")), []);
    assert.deepEqual(pageErrors, []);
  });

  it("chats cross-origin, and the stand-in saw the canonical headers", async () => {
    const result = await run("gateway", "chat", config("agent-browser"));
    assert.equal(result.content, "Echo: from a page");
    const [event] = standIn.eventsOf("agent-browser");
    assert.equal(result.requestId, event.request_id, "x-request-id is exposed to the page");
    assert.match(event.traceparent ?? "", /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it("streams a chat completion into the page", async () => {
    const result = await run("gateway", "stream", config("agent-browser-stream"));
    assert.equal(result.text, "Echo: streamed to a page");
  });

  it("decodes a policy denial in the page, with the request id the stand-in recorded", async () => {
    const result = await run("gateway", "denied", config("agent-browser-denied"));
    const events = standIn.eventsOf("agent-browser-denied");
    assert.equal(events.length, 1, "sent once");
    assert.deepEqual(result, {
      type: "policy_violation",
      code: "input_blocked",
      policy: "prompt-injection",
      status: 409,
      requestId: events[0].request_id,
    });
  });

  it("refuses to start without dangerouslyAllowBrowser, naming this package's factory", async () => {
    const result = await run("gateway", "refusedWithoutOption", config("agent-x"));
    assert.equal(result.name, "KeeptrustsConfigurationError");
    assert.match(
      result.message,
      /createGatewayClient\(\{ \.\.\., dangerouslyAllowBrowser: true \}\)/,
    );
  });

  it("./control refuses to start in the page with its configuration error", async () => {
    const result = await run("control", "create", {
      baseUrl: standIn.server.url,
      bearerToken: standIn.server.adminToken,
    });
    assert.equal(result.name, "KeeptrustsConfigurationError");
    assert.match(result.message, /browser/);
  });
});
