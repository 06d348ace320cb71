import { describe, it } from "node:test";
import assert from "node:assert/strict";
import OpenAI from "openai";
import {
  buildKeeptrustsHeaders,
  createGatewayClient,
  createKeeptrustsGatewayClient,
  parseTraceparent,
} from "../../gateway/mod.ts";
import { recordingFetch } from "../_helpers.ts";
import { ask, useStandIn } from "./_stand_in.ts";

const standIn = useStandIn();

const eventOf = (requestId: string) =>
  standIn.server.store.events.filter((e) => e.request_id === requestId);
const TP = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

describe("createGatewayClient()", () => {
  it("returns a real OpenAI instance whose calls are recorded with the request id and agent id sent", async () => {
    const { fetch, sent } = recordingFetch();
    const client = createGatewayClient(
      standIn.options({ agentId: "agent-finance-assistant", fetch }),
    );
    assert.ok(client instanceof OpenAI);
    const { data, response } = await client.chat.completions.create(
      ask("Summarize today's policy checks."),
    ).withResponse();
    assert.match(data.choices[0].message.content ?? "", /^Echo: Summarize/);
    const requestId = sent[0].headers.get("x-request-id")!;
    assert.equal(response.headers.get("x-request-id"), requestId);
    const [event] = eventOf(requestId);
    assert.equal(event.agent_id, "agent-finance-assistant");
    assert.equal(event.verdict, "allow");
    assert.equal(event.traceparent, sent[0].headers.get("traceparent"));
    assert.ok(event.citations.length > 0, "the local model cites the policy handbook");
  });

  it("gives two calls different request ids and traces, and keeps a caller's request id", async () => {
    const { fetch, sent } = recordingFetch();
    const client = createGatewayClient(standIn.options({ agentId: "agent-a", fetch }));
    await client.chat.completions.create(ask("one"));
    await client.chat.completions.create(ask("two"));
    await client.chat.completions.create(ask("three"), {
      headers: { "x-request-id": "req_caller_1" },
    });
    const ids = sent.map((s) => s.headers.get("x-request-id"));
    assert.notEqual(ids[0], ids[1]);
    assert.equal(ids[2], "req_caller_1");
    assert.equal(eventOf("req_caller_1").length, 1);
    const traces = sent.map((s) => parseTraceparent(s.headers.get("traceparent")!)!.traceId);
    assert.equal(new Set(traces).size, 3);
  });

  it("keeps the request id and trace id across retries of one call, with a new parent id per attempt", async () => {
    const { fetch, sent } = recordingFetch((attempt) =>
      attempt <= 2
        ? new Response(JSON.stringify({ error: { type: "unavailable", message: "starting" } }), {
          status: 503,
          headers: { "retry-after": "0" },
        })
        : undefined
    );
    const traceparent = TP;
    const client = createGatewayClient(
      standIn.options({ agentId: "agent-a", fetch, maxRetries: 3, traceparent }),
    );
    await client.chat.completions.create(ask("retry me"));
    assert.equal(sent.length, 3);
    assert.equal(new Set(sent.map((s) => s.headers.get("x-request-id"))).size, 1);
    const parsed = sent.map((s) => parseTraceparent(s.headers.get("traceparent")!)!);
    assert.ok(parsed.every((p) => p.traceId === "4bf92f3577b34da6a3ce929d0e0e4736"));
    assert.equal(new Set(parsed.map((p) => p.parentId)).size, 3);
    assert.ok(!parsed.some((p) => p.parentId === "00f067aa0ba902b7"));
    assert.equal(
      eventOf(sent[0].headers.get("x-request-id")!).length,
      1,
      "only the successful attempt reached the gateway",
    );
  });

  it("never lets one call's headers leak into the next", async () => {
    const { fetch, sent } = recordingFetch();
    const client = createGatewayClient(standIn.options({ agentId: "agent-a", fetch }));
    await client.chat.completions.create(ask("first"), {
      headers: {
        "x-request-id": "req_only_once",
        "x-keeptrusts-agent-id": "agent-override",
        "x-team-id": "team-1",
      },
    });
    await client.chat.completions.create(ask("second"));
    assert.equal(sent[0].headers.get("x-keeptrusts-agent-id"), "agent-override");
    assert.notEqual(sent[1].headers.get("x-request-id"), "req_only_once");
    assert.equal(sent[1].headers.get("x-keeptrusts-agent-id"), "agent-a");
    assert.equal(sent[1].headers.get("x-team-id"), null);
  });

  it("keeps the canonical headers and trace context on clients derived with withOptions()", async () => {
    const { fetch, sent } = recordingFetch();
    const traceparent = TP;
    const base = createGatewayClient(
      standIn.options({ agentId: "agent-derived", fetch, traceparent }),
    );
    const derived = base.withOptions({ timeout: 5_000 });
    await derived.chat.completions.create(ask("derived"));
    assert.equal(sent[0].headers.get("x-keeptrusts-agent-id"), "agent-derived");
    assert.ok(sent[0].headers.get("x-request-id"));
    assert.equal(
      parseTraceparent(sent[0].headers.get("traceparent")!)?.traceId,
      "4bf92f3577b34da6a3ce929d0e0e4736",
    );
  });

  it("calls a traceparent function once per call", async () => {
    let calls = 0;
    const { fetch, sent } = recordingFetch();
    const client = createGatewayClient({
      baseUrl: standIn.server.gatewayUrl,
      apiKey: standIn.server.adminToken,
      fetch,
      traceparent: () => (calls++, "00-11111111111111111111111111111111-2222222222222222-00"),
    });
    await client.chat.completions.create(ask("a"));
    await client.chat.completions.create(ask("b"));
    assert.equal(calls, 2);
    assert.ok(
      sent.every((s) =>
        parseTraceparent(s.headers.get("traceparent")!)!.traceId ===
          "11111111111111111111111111111111"
      ),
    );
    assert.ok(sent.every((s) => s.headers.get("traceparent")!.endsWith("-00")), "flags are kept");
  });

  it("accepts the documented defaultHeaders pattern: one request id for every call, the trace continued", async () => {
    const { fetch, sent } = recordingFetch();
    const client = createKeeptrustsGatewayClient({
      baseUrl: standIn.server.gatewayUrl,
      apiKey: standIn.server.adminToken,
      fetch,
      defaultHeaders: buildKeeptrustsHeaders({
        requestId: "req_documented",
        agentId: "agent-doc",
        traceparent: TP,
      }),
    });
    await client.chat.completions.create(ask("one"));
    await client.chat.completions.create(ask("two"));
    assert.deepEqual(sent.map((s) => s.headers.get("x-request-id")), [
      "req_documented",
      "req_documented",
    ]);
    assert.deepEqual(eventOf("req_documented").map((e) => e.agent_id), ["agent-doc", "agent-doc"]);
    const parsed = sent.map((s) => parseTraceparent(s.headers.get("traceparent")!)!);
    assert.ok(parsed.every((p) => p.traceId === "4bf92f3577b34da6a3ce929d0e0e4736"));
    assert.equal(new Set(parsed.map((p) => p.parentId)).size, 2, "a new parent id per attempt");
  });

  it("starts a new trace when the traceparent function throws, and the call still succeeds", async () => {
    const { fetch, sent } = recordingFetch();
    const client = createGatewayClient({
      baseUrl: standIn.server.gatewayUrl,
      apiKey: standIn.server.adminToken,
      fetch,
      traceparent: () => {
        throw new Error("no active span");
      },
    });
    const reply = await client.chat.completions.create(ask("still works"));
    assert.equal(reply.choices[0].message.content, "Echo: still works");
    assert.ok(parseTraceparent(sent[0].headers.get("traceparent")!));
  });

  it("keeps a caller's tracestate with a valid traceparent, and drops it with an invalid one", async () => {
    const { fetch, sent } = recordingFetch();
    const client = createGatewayClient({ baseUrl: standIn.server.gatewayUrl, apiKey: "k", fetch });
    const headers = (traceparent: string) => ({ traceparent, tracestate: "vendor=abc,other=1" });
    await client.chat.completions.create(ask("a"), { headers: headers(TP) }).catch(() => {});
    await client.chat.completions.create(ask("b"), { headers: headers("00-bad") }).catch(() => {});
    assert.equal(sent[0].headers.get("tracestate"), "vendor=abc,other=1");
    assert.equal(parseTraceparent(sent[0].headers.get("traceparent")!)?.traceId, TP.slice(3, 35));
    assert.equal(
      sent[1].headers.get("tracestate"),
      null,
      "W3C: no tracestate without its traceparent",
    );
    assert.notEqual(
      parseTraceparent(sent[1].headers.get("traceparent")!)?.traceId,
      TP.slice(3, 35),
    );
  });
});
