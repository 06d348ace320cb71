/**
 * The demo gateway: OpenAI-compatible routes (chat completions, responses, embeddings, models)
 * over the local echo model, behind the policy chain, recording a decision per request.
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { createHash } from "node:crypto";
import { contentText, type Env, HttpError, jsonBody } from "./_http.ts";
import type { DemoStore, Json } from "./store.ts";

/** Adds the gateway routes to the app. */
export function gatewayRoutes(app: Hono<Env>, store: DemoStore): void {
  app.get("/v1/models", (c) =>
    c.json({
      object: "list",
      data: ["gpt-4o", "gpt-4o-mini", "gpt-5.4-mini"].map((id) => ({
        id,
        object: "model",
        created: 1717200000,
        owned_by: "keeptrusts-demo",
      })),
    }));

  function gatewayDecision(c: Context<Env>, model: unknown, texts: string[]) {
    if (typeof model !== "string" || model === "") {
      throw new HttpError(422, "validation_error", "invalid_model", "model is required");
    }
    const agentId = c.req.header("x-keeptrusts-agent-id") ?? null;
    const traceparent = c.req.header("traceparent") ?? null;
    const result = store.decide({
      requestId: c.get("requestId"),
      agentId,
      traceparent,
      model,
      texts,
      userId: c.req.header("x-user-id") ?? null,
    });
    c.header("x-keeptrusts-event-id", result.event.event_id);
    c.header("x-keeptrusts-verdict", result.event.verdict);
    if (result.decision.verdict === "block") {
      throw new HttpError(
        409,
        "policy_violation",
        "input_blocked",
        "the request was blocked by policy prompt-injection",
        {
          "x-should-retry": "false",
          "x-policy": result.decision.policy ?? "",
          "x-keeptrusts-event-id": result.event.event_id,
          "x-keeptrusts-verdict": "block",
        },
      );
    }
    return result;
  }

  app.post("/v1/chat/completions", async (c) => {
    const body = await jsonBody(c);
    if (!Array.isArray(body?.messages) || body.messages.length === 0) {
      throw new HttpError(
        422,
        "validation_error",
        "invalid_messages",
        "messages must be a non-empty array",
      );
    }
    const texts = body.messages.filter((m: Json) => m?.role === "user").map((m: Json) =>
      contentText(m.content)
    );
    const { reply, inputTokens, outputTokens, event } = gatewayDecision(
      c,
      body.model,
      texts.length ? texts : [""],
    );
    const id = `chatcmpl-${event.event_id}`;
    const created = Math.floor(Date.now() / 1000);
    const usage = {
      prompt_tokens: inputTokens,
      completion_tokens: outputTokens,
      total_tokens: inputTokens + outputTokens,
    };
    const text = reply!.text;
    if (body.stream === true) {
      return streamSSE(c, async (stream) => {
        const chunk = (delta: Json, finish: string | null, extra: Json = {}) =>
          stream.writeSSE({
            data: JSON.stringify({
              id,
              object: "chat.completion.chunk",
              created,
              model: body.model,
              choices: [{ index: 0, delta, finish_reason: finish }],
              ...extra,
            }),
          });
        await chunk({ role: "assistant", content: "" }, null);
        for (const piece of text.match(/\S+\s*/g) ?? [text]) await chunk({ content: piece }, null);
        await chunk({}, "stop");
        if (body.stream_options?.include_usage) {
          await stream.writeSSE({
            data: JSON.stringify({
              id,
              object: "chat.completion.chunk",
              created,
              model: body.model,
              choices: [],
              usage,
            }),
          });
        }
        await stream.writeSSE({ data: "[DONE]" });
      });
    }
    // Tools: when the caller offers functions and has not answered one yet, the local model calls
    // the first one with the (redacted) prompt as its argument.
    const fn = Array.isArray(body.tools)
      ? body.tools.find((t: Json) => t?.type === "function" && typeof t.function?.name === "string")
      : undefined;
    const answeredTool = body.messages.some((m: Json) => m?.role === "tool");
    const toolCall = fn && !answeredTool && body.stream !== true;
    const message = toolCall
      ? {
        role: "assistant",
        content: null,
        refusal: null,
        tool_calls: [{
          id: `call_${event.event_id}`,
          type: "function",
          function: {
            name: fn.function.name,
            arguments: JSON.stringify({ query: text.replace(/^Echo: /, "") }),
          },
        }],
      }
      : { role: "assistant", content: text, refusal: null };
    return c.json({
      id,
      object: "chat.completion",
      created,
      model: body.model,
      choices: [{
        index: 0,
        message,
        logprobs: null,
        finish_reason: toolCall ? "tool_calls" : "stop",
      }],
      usage,
    });
  });

  app.post("/v1/embeddings", async (c) => {
    const body = await jsonBody(c);
    const inputs: unknown[] = typeof body?.input === "string"
      ? [body.input]
      : Array.isArray(body?.input)
      ? body.input
      : [];
    if (inputs.length === 0 || !inputs.every((i) => typeof i === "string")) {
      throw new HttpError(
        422,
        "validation_error",
        "invalid_input",
        "input must be a string or an array of strings",
      );
    }
    const { decision, inputTokens } = gatewayDecision(c, body.model, inputs as string[]);
    // A deterministic 8-dimensional vector per (redacted) input.
    const data = decision.texts.map((text, index) => {
      const digest = createHash("sha256").update(text).digest();
      const vector = Float32Array.from({ length: 8 }, (_, i) => (digest[i] - 128) / 128);
      const embedding = body.encoding_format === "base64"
        ? Buffer.from(vector.buffer).toString("base64")
        : Array.from(vector);
      return { object: "embedding", index, embedding };
    });
    return c.json({
      object: "list",
      data,
      model: body.model,
      usage: { prompt_tokens: inputTokens, total_tokens: inputTokens },
    });
  });

  app.post("/v1/responses", async (c) => {
    const body = await jsonBody(c);
    let texts: string[];
    if (typeof body?.input === "string") texts = [body.input];
    else if (Array.isArray(body?.input)) {
      texts = body.input.filter((m: Json) => (m?.role ?? "user") === "user").map((m: Json) =>
        contentText(m.content)
      );
    } else {throw new HttpError(
        422,
        "validation_error",
        "invalid_input",
        "input must be a string or an array",
      );}
    const { reply, inputTokens, outputTokens, event } = gatewayDecision(
      c,
      body.model,
      texts.length ? texts : [""],
    );
    const createdAt = Math.floor(Date.now() / 1000);
    const id = `resp_${event.event_id}`;
    const msgId = `msg_${event.event_id}`;
    const text = reply!.text;
    const usage = {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: inputTokens + outputTokens,
    };
    const part = { type: "output_text", text, annotations: [] };
    const item = {
      type: "message",
      id: msgId,
      status: "completed",
      role: "assistant",
      content: [part],
    };
    const response = (status: string, output: Json[], withUsage: boolean) => ({
      id,
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
    if (body.stream === true) {
      return streamSSE(c, async (stream) => {
        let seq = 0;
        const send = (type: string, data: Json) =>
          stream.writeSSE({
            event: type,
            data: JSON.stringify({ type, sequence_number: seq++, ...data }),
          });
        await send("response.created", { response: response("in_progress", [], false) });
        await send("response.output_item.added", {
          output_index: 0,
          item: { ...item, status: "in_progress", content: [] },
        });
        await send("response.content_part.added", {
          item_id: msgId,
          output_index: 0,
          content_index: 0,
          part: { ...part, text: "" },
        });
        for (const delta of text.match(/\S+\s*/g) ?? [text]) {
          await send("response.output_text.delta", {
            item_id: msgId,
            output_index: 0,
            content_index: 0,
            delta,
            logprobs: [],
          });
        }
        await send("response.output_text.done", {
          item_id: msgId,
          output_index: 0,
          content_index: 0,
          text,
          logprobs: [],
        });
        await send("response.content_part.done", {
          item_id: msgId,
          output_index: 0,
          content_index: 0,
          part,
        });
        await send("response.output_item.done", { output_index: 0, item });
        await send("response.completed", { response: response("completed", [item], true) });
      });
    }
    return c.json(response("completed", [item], true));
  });
}
