/**
 * The stand-in gateway as a Hono sub-app: OpenAI-compatible routes (chat completions, responses,
 * embeddings, models) over the local echo model, behind the policy chain, recording a decision
 * per request.
 *
 * @module
 */
import { Hono } from "hono";
import { createHash } from "node:crypto";
import type { Json } from "../_state/records.ts";
import type { Store } from "../_state/store.ts";
import { chatCompletions } from "./chat_completions.ts";
import type { Env } from "./env.ts";
import { gatewayDecision } from "./gateway_decision.ts";
import { jsonBody } from "./query.ts";
import { responses } from "./responses.ts";
import { invalidParameter } from "./stand_in_error.ts";

const MODELS = ["gpt-4o", "gpt-4o-mini", "gpt-5.4-mini"];

/** A deterministic 8-dimensional embedding of a text, as floats or base64. */
function embedding(text: string, format: unknown): number[] | string {
  const digest = createHash("sha256").update(text).digest();
  const vector = Float32Array.from({ length: 8 }, (_, i) => (digest[i] - 128) / 128);
  return format === "base64" ? Buffer.from(vector.buffer).toString("base64") : Array.from(vector);
}

/** The gateway routes. */
export function gatewayApp(store: Store): Hono<Env> {
  const app = new Hono<Env>();
  app.get("/v1/models", (c) =>
    c.json({
      object: "list",
      data: MODELS.map((id) => ({
        id,
        object: "model",
        created: 1717200000,
        owned_by: "keeptrusts-demo",
      })),
    }));
  app.post("/v1/chat/completions", (c) => chatCompletions(store, c));
  app.post("/v1/responses", (c) => responses(store, c));
  app.post("/v1/embeddings", async (c) => {
    const body = await jsonBody(c);
    const input: unknown = body?.input;
    const inputs: unknown[] = typeof input === "string"
      ? [input]
      : Array.isArray(input)
      ? input
      : [];
    if (inputs.length === 0 || !inputs.every((i) => typeof i === "string")) {
      throw invalidParameter("input must be a string or an array of strings", "invalid_input");
    }
    const made = gatewayDecision(store, c, { model: body.model, texts: inputs as string[] });
    const data: Json[] = made.decision.texts.map((text, index) => ({
      object: "embedding",
      index,
      embedding: embedding(text, body.encoding_format),
    }));
    const usage = { prompt_tokens: made.inputTokens, total_tokens: made.inputTokens };
    return c.json({ object: "list", data, model: body.model, usage });
  });
  return app;
}
