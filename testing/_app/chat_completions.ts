/**
 * `POST /v1/chat/completions` of the stand-in gateway: JSON and SSE answers from the local echo
 * model, and tool calls (the model calls the first offered function once).
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

function toolCallMessage(body: Json, eventId: string, text: string): Json | undefined {
  const fn = Array.isArray(body.tools)
    ? body.tools.find((t: Json) => t?.type === "function" && typeof t.function?.name === "string")
    : undefined;
  const answered = body.messages.some((m: Json) => m?.role === "tool");
  if (!fn || answered || body.stream === true) return undefined;
  return {
    role: "assistant",
    content: null,
    refusal: null,
    tool_calls: [{
      id: `call_${eventId}`,
      type: "function",
      function: {
        name: fn.function.name,
        arguments: JSON.stringify({ query: text.replace(/^Echo: /, "") }),
      },
    }],
  };
}

function stream(c: Context<Env>, body: Json, id: string, text: string, usage: Json): Response {
  const created = Math.floor(Date.now() / 1000);
  const frame = (choices: Json[], extra: Json = {}) =>
    JSON.stringify({
      id,
      object: "chat.completion.chunk",
      created,
      model: body.model,
      choices,
      ...extra,
    });
  return streamSSE(c, async (sse) => {
    const chunk = (delta: Json, finish: string | null) =>
      sse.writeSSE({ data: frame([{ index: 0, delta, finish_reason: finish }]) });
    await chunk({ role: "assistant", content: "" }, null);
    for (const piece of text.match(/\S+\s*/g) ?? [text]) await chunk({ content: piece }, null);
    await chunk({}, "stop");
    if (body.stream_options?.include_usage) await sse.writeSSE({ data: frame([], { usage }) });
    await sse.writeSSE({ data: "[DONE]" });
  });
}

/** Handles one chat completion request. */
export async function chatCompletions(store: Store, c: Context<Env>): Promise<Response> {
  const body = await jsonBody(c);
  if (!Array.isArray(body?.messages) || body.messages.length === 0) {
    throw invalidParameter("messages must be a non-empty array", "invalid_messages");
  }
  const texts = body.messages.filter((m: Json) => m?.role === "user")
    .map((m: Json) => contentText(m.content));
  const made = gatewayDecision(store, c, { model: body.model, texts });
  const id = `chatcmpl-${made.event.event_id}`;
  const usage = {
    prompt_tokens: made.inputTokens,
    completion_tokens: made.outputTokens,
    total_tokens: made.inputTokens + made.outputTokens,
  };
  const text = made.reply!.text;
  if (body.stream === true) return stream(c, body, id, text, usage);
  const toolCall = toolCallMessage(body, made.event.event_id, text);
  return c.json({
    id,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [{
      index: 0,
      message: toolCall ?? { role: "assistant", content: text, refusal: null },
      logprobs: null,
      finish_reason: toolCall ? "tool_calls" : "stop",
    }],
    usage,
  });
}
