import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createGatewayClient, createResponsesClient } from "../../gateway/mod.ts";
import { ask, useStandIn } from "./_stand_in.ts";

const standIn = useStandIn();

const eventOf = (requestId: string) =>
  standIn.server.store.events.filter((e) => e.request_id === requestId);

describe("the OpenAI API through the gateway (createGatewayClient, createResponsesClient)", () => {
  it("streams chat completions and responses", async () => {
    const client = createGatewayClient(standIn.options({ agentId: "agent-stream" }));
    const stream = await client.chat.completions.create({
      ...ask("stream this please"),
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    assert.equal(text, "Echo: stream this please");
    const responses = createResponsesClient(standIn.options({ agentId: "agent-stream" }));
    const r = await responses.create({ model: "gpt-4o-mini", input: "hello responses" });
    assert.equal(r.output_text, "Echo: hello responses");
    const rs = await responses.create({
      model: "gpt-4o-mini",
      input: "streamed responses",
      stream: true,
    });
    let deltas = "";
    for await (const ev of rs) if (ev.type === "response.output_text.delta") deltas += ev.delta;
    assert.equal(deltas, "Echo: streamed responses");
  });

  it("supports tools and embeddings as the openai package documents them", async () => {
    const client = createGatewayClient(standIn.options({ agentId: "agent-tools" }));
    const completion = await client.chat.completions.create({
      ...ask("weather in Paris"),
      tools: [{
        type: "function",
        function: {
          name: "get_weather",
          parameters: { type: "object", properties: { query: { type: "string" } } },
        },
      }],
    });
    const call = completion.choices[0].message.tool_calls?.[0];
    assert.equal(completion.choices[0].finish_reason, "tool_calls");
    assert.equal(call?.type === "function" ? call.function.name : undefined, "get_weather");
    assert.deepEqual(JSON.parse(call?.type === "function" ? call.function.arguments : "{}"), {
      query: "weather in Paris",
    });
    const embeddings = await client.embeddings.create({
      model: "gpt-4o-mini",
      input: ["alpha", "beta"],
    });
    assert.equal(embeddings.data.length, 2);
    assert.equal(embeddings.data[0].embedding.length, 8);
    assert.ok(
      embeddings.data[0].embedding.every((x) => typeof x === "number" && x >= -1 && x <= 1),
    );
    const again = await client.embeddings.create({
      model: "gpt-4o-mini",
      input: "alpha",
      encoding_format: "float",
    });
    assert.deepEqual(
      again.data[0].embedding,
      embeddings.data[0].embedding,
      "deterministic, same in base64 and float form",
    );
  });

  it("redacts e-mail addresses before the model sees them", async () => {
    const client = createGatewayClient(standIn.options({ agentId: "agent-a" }));
    const { data, response } = await client.chat.completions.create(
      ask("Mail jane.doe@example.com today"),
    ).withResponse();
    assert.equal(data.choices[0].message.content, "Echo: Mail [REDACTED_EMAIL] today");
    assert.equal(eventOf(response.headers.get("x-request-id")!)[0].verdict, "redact");
  });
});
