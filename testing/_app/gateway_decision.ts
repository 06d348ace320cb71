/**
 * The gateway's decision on one request: the policy chain and the local model through the store,
 * the decision headers, and the 409 policy denial (`x-should-retry: false`) when it blocks.
 *
 * @module
 */
import type { Context } from "hono";
import type { Decision } from "../_state/decisions.ts";
import type { Store } from "../_state/store.ts";
import type { Env } from "./env.ts";
import { invalidParameter, StandInError } from "./stand_in_error.ts";

/** Text of an OpenAI message `content` (a string or an array of parts). */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((p) => (typeof p?.text === "string" ? p.text : "")).join("");
}

/** Decides one gateway request; throws the policy denial when the chain blocks it. */
export function gatewayDecision(
  store: Store,
  c: Context<Env>,
  request: { model: unknown; texts: string[] },
): Decision {
  if (typeof request.model !== "string" || request.model === "") {
    throw invalidParameter("model is required", "invalid_model");
  }
  const made = store.decide({
    requestId: c.get("requestId"),
    agentId: c.req.header("x-keeptrusts-agent-id") ?? null,
    traceparent: c.req.header("traceparent") ?? null,
    model: request.model,
    texts: request.texts.length > 0 ? request.texts : [""],
    userId: c.req.header("x-user-id") ?? null,
  });
  const decisionHeaders = {
    "x-keeptrusts-event-id": made.event.event_id,
    "x-keeptrusts-verdict": made.event.verdict,
  };
  if (made.decision.verdict === "block") {
    throw new StandInError(409, {
      type: "policy_violation",
      code: "input_blocked",
      message: `the request was blocked by policy ${made.decision.policy}`,
      policy: made.decision.policy ?? "",
      headers: { ...decisionHeaders, "x-should-retry": "false" },
    });
  }
  for (const [name, value] of Object.entries(decisionHeaders)) c.header(name, value);
  return made;
}
