/**
 * Policy decisions: the policy chain and the local model over one request, made into the decision
 * event the stand-in records (verdict, tokens, cost, citations).
 *
 * @module
 */
import { uuidFrom } from "./crypto.ts";
import { answer, countTokens, type ModelAnswer, priceCall } from "./model.ts";
import { evaluatePolicies, type PolicyConfig, type PolicyDecision } from "./policies.ts";
import type { DecisionEvent } from "./records.ts";

/** One governed request, as the gateway saw it. */
export interface DecisionInput {
  requestId: string;
  agentId: string | null;
  traceparent: string | null;
  model: string;
  /** The user texts of the request. */
  texts: string[];
  userId?: string | null;
}

/** What a decision makes: the chain's verdict, the model's answer (unless blocked), the event. */
export interface Decision {
  decision: PolicyDecision;
  reply: ModelAnswer | undefined;
  event: DecisionEvent;
  inputTokens: number;
  outputTokens: number;
}

/** Where a decision takes its ids, time and policies from. */
export interface DecisionContext {
  policies: PolicyConfig;
  seed: number;
  createdAt: string;
  newId: (prefix: string) => string;
}

function citationsOf(reply: ModelAnswer | undefined, requestId: string, seed: number) {
  return (reply?.citations ?? []).map((c, i) => ({
    citation_id: uuidFrom(`${requestId}:${i}:${seed}`),
    source_type: "knowledge_base",
    source_reference: {
      asset_id: c.assetId,
      asset_title: c.title,
      asset_version: c.version,
      promotion_status: "active",
    },
    relevance_score: c.score,
    token_contribution: countTokens(reply!.text.slice(c.span[0], c.span[1])),
    text_span: { start: c.span[0], end: c.span[1] },
  }));
}

/** Runs the policy chain and the local model over one request and builds its decision event. */
export function decide(input: DecisionInput, context: DecisionContext): Decision {
  const decision = evaluatePolicies(input.texts, context.policies);
  const inputTokens = input.texts.reduce((n, t) => n + countTokens(t), 0);
  const reply = decision.verdict === "block" ? undefined : answer(decision.texts.at(-1) ?? "");
  const outputTokens = reply ? countTokens(reply.text) : 0;
  const price = priceCall(input.model, inputTokens, outputTokens);
  const total = Math.round((price.input + price.output) * 1e12) / 1e12;
  const spendLog = total > 0 ? context.newId("spl") : null;
  const event: DecisionEvent = {
    event_id: context.newId("evt"),
    request_id: input.requestId,
    agent_id: input.agentId,
    event_type: "decision",
    created_at: context.createdAt,
    verdict: decision.verdict,
    policy_outcome: decision.policyOutcome,
    reason_code: decision.reasonCode,
    model: input.model,
    provider: "local-echo",
    config_version: "0.2.0",
    gateway_id: "gw_demo",
    user_id: input.userId ?? null,
    traceparent: input.traceparent,
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    cost_usd: total,
    event_cost_attribution: {
      input_cost_usd: price.input,
      output_cost_usd: price.output,
      total_cost_usd: total,
      currency: "USD",
      cost_source: price.source,
      settled: true,
      source_spend_log_id: spendLog,
    },
    policies_evaluated: decision.evaluated,
    citations: citationsOf(reply, input.requestId, context.seed),
    redactions: decision.redactions,
  };
  return { decision, reply, event, inputTokens, outputTokens };
}
