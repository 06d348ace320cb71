/**
 * The stand-in gateway's local model: a deterministic echo, with token counts, prices and
 * citations.
 * No upstream, no network.
 *
 * @module
 */

/** Declared prices in USD per million tokens (`providers.targets[].pricing`). */
export const PRICES: Record<string, { input: number; output: number }> = {
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-5.4-mini": { input: 0.25, output: 2 },
};

/** A rough, deterministic token count (about four characters a token). */
export function countTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

/** What the local model answers. */
export interface ModelAnswer {
  text: string;
  citations: Array<
    { assetId: string; title: string; version: number; span: [number, number]; score: number }
  >;
}

const KNOWLEDGE = [
  { keyword: /polic(y|ies)/i, assetId: "kb_policy_handbook", title: "Policy handbook", version: 3 },
  { keyword: /refund/i, assetId: "kb_refunds", title: "Refund rules", version: 7 },
];

/**
 * Answers a prompt: an echo of the (already redacted) last user text, citing matching knowledge.
 */
export function answer(prompt: string): ModelAnswer {
  const text = `Echo: ${prompt}`;
  const citations: ModelAnswer["citations"] = [];
  for (const k of KNOWLEDGE) {
    const m = k.keyword.exec(text);
    if (m) {
      citations.push({
        assetId: k.assetId,
        title: k.title,
        version: k.version,
        span: [m.index, m.index + m[0].length],
        score: 0.8,
      });
    }
  }
  return { text, citations };
}

/** Cost of a call in USD: declared pricing, or zero (token counts kept) for an unpriced model. */
export function priceCall(model: string, inputTokens: number, outputTokens: number): {
  input: number;
  output: number;
  source: "declared_pricing" | "zero";
} {
  const price = PRICES[model];
  if (!price) return { input: 0, output: 0, source: "zero" };
  const round = (n: number) => Math.round(n * 1e12) / 1e12;
  return {
    input: round((inputTokens * price.input) / 1e6),
    output: round((outputTokens * price.output) / 1e6),
    source: "declared_pricing",
  };
}
