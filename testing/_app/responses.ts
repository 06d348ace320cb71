/**
 * `POST /v1/responses` of the stand-in gateway (the Responses API): JSON and the SSE event
 * sequence openai-node reads, from the local echo model.
 *
 * @module
 */
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { Json } from "../_state/records.ts";
import type { Store } from "../_state/store.ts";
import type { Env } from "./env.ts";
import { contentText, gatewayDecision } from "./gateway_decision.ts";
import { jsonBody } from "./query.ts";
import { invalidParameter } from "./stand_in_error.ts";

function inputTexts(input: unknown): string[] {
  if (typeof input === "string") return [input];
  if (!Array.isArray(input)) {
    throw invalidParameter("input must be a string or an array", "invalid_input");
  }
  return input.filter((m: Json) => (m?.role ?? "user") === "user").map((m: Json) =>
    contentText(m.content)
  );
}

function streamResponse(
  c: Context<Env>,
  response: (s: string, o: Json[], u: boolean) => Json,
  item: Json,
  text: string,
) {
  const msgId = item.id;
  const part = item.content[0];
  const at = { item_id: msgId, output_index: 0, content_index: 0 };
  return streamSSE(c, async (sse) => {
    let seq = 0;
    const send = (type: string, data: Json) =>
      sse.writeSSE({
        event: type,
        data: JSON.stringify({ type, sequence_number: seq++, ...data }),
      });
    await send("response.created", { response: response("in_progress", [], false) });
    await send("response.output_item.added", {
      output_index: 0,
      item: { ...item, status: "in_progress", content: [] },
    });
    await send("response.content_part.added", { ...at, part: { ...part, text: "" } });
    for (const delta of text.match(/\S+\s*/g) ?? [text]) {
      await send("response.output_text.delta", { ...at, delta, logprobs: [] });
    }
    await send("response.output_text.done", { ...at, text, logprobs: [] });
    await send("response.content_part.done", { ...at, part });
    await send("response.output_item.done", { output_index: 0, item });
    await send("response.completed", { response: response("completed", [item], true) });
  });
}

/** Handles one Responses API request. */
export async function responses(store: Store, c: Context<Env>): Promise<Response> {
  const body = await jsonBody(c);
  const made = gatewayDecision(store, c, { model: body?.model, texts: inputTexts(body?.input) });
  const createdAt = Math.floor(Date.now() / 1000);
  const text = made.reply!.text;
  const usage = {
    input_tokens: made.inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: made.outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: made.inputTokens + made.outputTokens,
  };
  const item = {
    type: "message",
    id: `msg_${made.event.event_id}`,
    status: "completed",
    role: "assistant",
    content: [{ type: "output_text", text, annotations: [] }],
  };
  const response = (status: string, output: Json[], withUsage: boolean) => ({
    id: `resp_${made.event.event_id}`,
    object: "response",
    created_at: createdAt,
    status,
    model: body.model,
    output,
    parallel_tool_calls: true,
    tool_choice: "auto",
    tools: [],
    error: null,
    incomplete_details: null,
    instructions: null,
    metadata: {},
    temperature: null,
    top_p: null,
    usage: withUsage ? usage : null,
  });
  if (body.stream === true) return streamResponse(c, response, item, text);
  return c.json(response("completed", [item], true));
}
