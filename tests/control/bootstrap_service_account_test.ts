import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  bootstrapServiceAccount,
  createControlPlaneClient,
  type KeeptrustsApiError,
  whoami,
} from "../../control/mod.ts";
import { caught, type DemoServer, startServer } from "../_helpers.ts";

let server: DemoServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.close();
});

describe("bootstrapServiceAccount()", () => {
  it("bootstraps a service account once per idempotency key and hides its token", async () => {
    const client = createControlPlaneClient({
      baseUrl: server.url,
      bearerToken: server.adminToken,
    });
    const a = await bootstrapServiceAccount("sdk-rollout", ["events:read", "agents:write"], {
      client,
      idempotencyKey: "boot-1",
    });
    const b = await bootstrapServiceAccount("sdk-rollout", ["events:read", "agents:write"], {
      client,
      idempotencyKey: "boot-1",
    });
    assert.equal(a.service_account.service_account_id, b.service_account.service_account_id);
    assert.equal(a.token.reveal(), b.token.reveal());
    for (const text of [String(a.token), JSON.stringify(a), inspect(a, { depth: 5 })]) {
      assert.ok(!text.includes(a.token.reveal()));
    }
    const viaToken = createControlPlaneClient({
      baseUrl: server.url,
      bearerToken: a.token.reveal(),
    });
    assert.deepEqual((await whoami(viaToken)).scopes, ["events:read", "agents:write"]);
    await assert.rejects(
      bootstrapServiceAccount("Bad Name", ["events:read"], { client }),
      TypeError,
    );
    await assert.rejects(
      bootstrapServiceAccount("ok-name", ["events read"], { client }),
      /scopes\[0\] is not a resource:action/,
    );
    await assert.rejects(
      bootstrapServiceAccount("ok-name", ["events:read", "events:read"], { client }),
      /repeats/,
    );
    const dup = await caught(bootstrapServiceAccount("sdk-rollout", ["events:read"], { client }));
    assert.equal((dup as KeeptrustsApiError).status, 409);
  });
});
