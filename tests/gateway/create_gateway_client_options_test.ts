import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  buildKeeptrustsHeaders,
  createGatewayClient,
  createResponsesClient,
  isKeeptrustsError,
  KeeptrustsConfigurationError,
  keeptrustsGatewayProvider,
} from "../../gateway/mod.ts";
import { recordingFetch, renderings } from "../_helpers.ts";
import { ask, useStandIn } from "./_stand_in.ts";

const standIn = useStandIn();

const processEnv = (globalThis as { process?: { env: Record<string, string | undefined> } })
  .process?.env;

/** Runs `fn` with some process variables set (or unset), restoring them afterwards. */
async function withProcessEnv<T>(
  vars: Record<string, string | undefined>,
  fn: () => T,
): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, processEnv![k]]));
  const apply = (v: Record<string, string | undefined>) => {
    for (const [k, value] of Object.entries(v)) {
      if (value === undefined) delete processEnv![k];
      else processEnv![k] = value;
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

describe("createGatewayClient() options", () => {
  it("rejects bad options with a TypeError before anything is sent, never showing the key", () => {
    const apiKey = "kt_live_super_secret_value_123";
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ baseUrl: "ftp://x/v1", apiKey }, /baseUrl must use http or https/],
      [{ baseUrl: "not a url", apiKey }, /baseUrl is not an absolute URL/],
      [{ baseUrl: "http://127.0.0.1:1/v1", apiKey: "" }, /apiKey is empty/],
      [
        { baseUrl: "http://127.0.0.1:1/v1", apiKey, agentId: "a\nb" },
        /agentId contains a line break/,
      ],
      [
        { baseUrl: "http://127.0.0.1:1/v1", apiKey, agentId: "a\u0007b" },
        /agentId contains a control character/,
      ],
      [
        { baseUrl: "http://127.0.0.1:1/v1", apiKey, agentId: "x".repeat(300) },
        /agentId is 300 characters long/,
      ],
      [
        { baseUrl: "http://127.0.0.1:1/v1", apiKey, agentId: "a\u0085b" },
        /agentId contains a control character/,
      ],
      [
        { baseUrl: "http://127.0.0.1:1/v1", apiKey, agentId: "a\u009b31mb" },
        /agentId contains a control character/,
      ],
      [
        { baseUrl: "http://127.0.0.1:1/v1", apiKey, defaultHeaders: { Authorization: "Bearer x" } },
        /may not set authorization/,
      ],
      [{ baseUrl: `http://user:${apiKey}@127.0.0.1/v1`, apiKey }, /must not contain credentials/],
      [
        { baseUrl: "http://127.0.0.1:1/v1", apiKey: `${apiKey}\u2603` },
        /apiKey contains white space, control or non-ASCII/,
      ],
      [{ baseUrl: "http://127.0.0.1:1/v1", apiKey: `${apiKey} x` }, /apiKey contains white space/],
    ];
    for (const [options, message] of bad) {
      let caught: unknown;
      try {
        createGatewayClient(options);
      } catch (err) {
        caught = err;
      }
      assert.ok(caught instanceof TypeError, `TypeError for ${message}`);
      assert.match((caught as Error).message, message);
      for (const text of renderings(caught)) {
        assert.ok(!text.includes(apiKey), "the API key never appears");
      }
    }
  });

  it("rejects a per-call request id with a control character before sending", async () => {
    const { fetch, sent } = recordingFetch();
    const client = createGatewayClient(standIn.options({ fetch }));
    for (const id of ["a\u0001b", "a\u0085b", "a\u009bb"]) {
      const err = await client.chat.completions.create(ask("x"), {
        headers: { "x-request-id": id },
      }).catch((e) => e);
      assert.ok(err instanceof TypeError, `TypeError for ${JSON.stringify(id)}`);
      assert.match(err.message, /x-request-id contains a control character/);
    }
    assert.equal(sent.length, 0);
  });

  it("names an unknown option key, with the right spelling for a snake_case or other variant", () => {
    const cases: Array<[() => unknown, RegExp]> = [
      [
        () => createGatewayClient({ agent_id: "a" } as never),
        /unknown option "agent_id" \(did you mean "agentId"\?\)/,
      ],
      [() => createGatewayClient({ baseURL: "http://x/v1" } as never), /did you mean "baseUrl"/],
      [() => createResponsesClient({ api_key: "k" } as never), /did you mean "apiKey"/],
      [() => createGatewayClient({ max_retries: 1 } as never), /did you mean "maxRetries"/],
      [
        () => createGatewayClient({ colour: 1 } as never),
        /unknown option "colour" \(known options: baseUrl, /,
      ],
      [() => keeptrustsGatewayProvider({ agent_id: "a" } as never), /did you mean "agentId"/],
      [() => buildKeeptrustsHeaders({ request_id: "r" } as never), /did you mean "requestId"/],
      [() => createGatewayClient("http://x/v1" as never), /options must be an object, got string/],
      [() => createGatewayClient([] as never), /options must be an object, got array/],
      [() => createGatewayClient(null as never), /options must be an object, got null/],
    ];
    for (const [make, message] of cases) {
      assert.throws(
        make,
        (err) => err instanceof TypeError && message.test((err as Error).message),
      );
    }
  });

  it("takes the key from apiKey, else KEEPTRUSTS_API_KEY, else KEEPTRUSTS_API_TOKEN", async () => {
    const env = {
      KEEPTRUSTS_GATEWAY_URL: standIn.server.gatewayUrl,
      KEEPTRUSTS_API_TOKEN: standIn.server.adminToken,
    };
    const client = createGatewayClient({ env, agentId: "agent-token-only" });
    const reply = await client.chat.completions.create(ask("token only"));
    assert.equal(reply.choices[0].message.content, "Echo: token only");
    assert.equal(createGatewayClient({ env: { ...env, KEEPTRUSTS_API_KEY: "key" } }).apiKey, "key");
    assert.equal(
      createGatewayClient({ env: { ...env, KEEPTRUSTS_API_KEY: "key" }, apiKey: "opt" }).apiKey,
      "opt",
    );
  });

  it("reports a missing key as KeeptrustsConfigurationError naming both variables", async () => {
    await withProcessEnv(
      { KEEPTRUSTS_API_KEY: "from-process", KEEPTRUSTS_API_TOKEN: undefined },
      () => {
        const err = (() => {
          try {
            createGatewayClient({ env: { KEEPTRUSTS_GATEWAY_URL: standIn.server.gatewayUrl } });
          } catch (e) {
            return e;
          }
          return undefined;
        })();
        assert.ok(err instanceof KeeptrustsConfigurationError);
        assert.ok(isKeeptrustsError(err));
        assert.equal((err as KeeptrustsConfigurationError).code, "missing_api_key");
        assert.match(
          (err as Error).message,
          /KEEPTRUSTS_API_KEY or KEEPTRUSTS_API_TOKEN in the env option/,
        );
        // Without the env option the process environment is read.
        assert.equal(
          createGatewayClient({ baseUrl: standIn.server.gatewayUrl }).apiKey,
          "from-process",
        );
      },
    );
  });

  it("reads the env option only (Workers bindings), and refuses a binding that is not a string", () => {
    const env = {
      KEEPTRUSTS_GATEWAY_URL: "https://gw.example/v1",
      KEEPTRUSTS_API_KEY: "k",
      KEEPTRUSTS_AGENT_ID: "agent-w",
    };
    const client = createGatewayClient({ env });
    assert.equal(client.baseURL, "https://gw.example/v1");
    assert.match(inspect(client), /agent-w/);
    assert.throws(
      () => createGatewayClient({ env: { ...env, KEEPTRUSTS_API_KEY: { get() {} } } }),
      /env.KEEPTRUSTS_API_KEY must be a string, got object/,
    );
    assert.throws(() => createGatewayClient({ env: "x" as never }), /env must be a record/);
  });

  it("catches a gateway URL without /v1 before the first request, with the fix in the message", () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [
        { baseUrl: "https://gw.example" },
        /baseUrl https:\/\/gw.example does not end in \/v1 .*use https:\/\/gw.example\/v1$/,
      ],
      [{ baseUrl: "https://gw.example/openai/" }, /use https:\/\/gw.example\/openai\/v1$/],
      [{ baseUrl: "https://gw.example/v1/chat/completions" }, /use https:\/\/gw.example\/v1$/],
      [
        { env: { KEEPTRUSTS_GATEWAY_URL: "http://127.0.0.1:41002" } },
        /^Cannot create gateway client: KEEPTRUSTS_GATEWAY_URL http/,
      ],
    ];
    for (const [options, message] of cases) {
      assert.throws(
        () => createGatewayClient({ apiKey: "k", ...options }),
        (err) =>
          err instanceof KeeptrustsConfigurationError && err.code === "base_url_version" &&
          message.test(err.message),
      );
    }
  });

  it("refuses out-of-range retries and timeouts, including one past what timers can hold", () => {
    const base = { baseUrl: "http://127.0.0.1:1/v1", apiKey: "k" };
    assert.throws(() => createGatewayClient({ ...base, maxRetries: -1 }), RangeError);
    assert.throws(() => createGatewayClient({ ...base, timeout: 0 }), RangeError);
    assert.throws(
      () => createGatewayClient({ ...base, timeout: 2 ** 31 }),
      /at most 2147483647 ms/,
    );
    assert.equal(createGatewayClient({ ...base, timeout: 2 ** 31 - 1 }).timeout, 2 ** 31 - 1);
  });
});
