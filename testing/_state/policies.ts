/**
 * The stand-in gateway's policy chain: block prompt injection and blocked terms, redact e-mail
 * addresses and card numbers, allow the rest. Each policy can be switched off.
 *
 * @module
 */

/** Which policies run (the public `StandInPolicies`, with defaults applied). */
export interface PolicyConfig {
  readonly promptInjection: boolean;
  readonly redactPii: boolean;
  readonly blockedTerms: readonly string[];
}

/** The default chain: prompt injection blocked, PII redacted, no blocked terms. */
export const DEFAULT_POLICIES: PolicyConfig = {
  promptInjection: true,
  redactPii: true,
  blockedTerms: [],
};

/** One policy's result, as recorded on the decision event. */
export interface PolicyResult {
  name: string;
  result: "pass" | "block" | "redacted";
  phase: "input";
  latency_ms: number;
  entities_found?: string[];
}

/** The chain's decision for one request. */
export interface PolicyDecision {
  verdict: "allow" | "block" | "redact";
  policyOutcome: "allowed" | "blocked" | "redacted";
  reasonCode: string;
  /** The policy that blocked, when blocked. */
  policy: string | null;
  /** Input texts after redaction (same length and order as given). */
  texts: string[];
  redactions: string[];
  evaluated: PolicyResult[];
}

const INJECTION = [
  /ignore\s+(all\s+|any\s+|the\s+)?(previous|prior|above|earlier)\s+instructions/i,
  /disregard\s+(the\s+|your\s+)?(system\s+prompt|instructions)/i,
  /reveal\s+(the\s+|your\s+)?system\s+prompt/i,
];
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const CARD_CANDIDATE = /\b(?:\d[ -]?){12,18}\d\b/g;

function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function blocked(name: string, reasonCode: string, texts: string[], evaluated: PolicyResult[]) {
  const decision: PolicyDecision = {
    verdict: "block",
    policyOutcome: "blocked",
    reasonCode,
    policy: name,
    texts,
    redactions: [],
    evaluated: [...evaluated, { name, result: "block", phase: "input", latency_ms: 0.1 }],
  };
  return decision;
}

function redact(texts: string[], found: Set<string>): string[] {
  return texts.map((t) =>
    t.replace(EMAIL, () => {
      found.add("email");
      return "[REDACTED_EMAIL]";
    }).replace(CARD_CANDIDATE, (m) => {
      const digits = m.replace(/[ -]/g, "");
      if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) return m;
      found.add("card_number");
      return "[REDACTED_CARD]";
    })
  );
}

/** Runs the chain over the input texts of one request. */
export function evaluatePolicies(
  texts: string[],
  config: PolicyConfig = DEFAULT_POLICIES,
): PolicyDecision {
  const evaluated: PolicyResult[] = [];
  const pass = (name: string) =>
    ({ name, result: "pass", phase: "input", latency_ms: 0.1 }) as const;
  if (config.promptInjection) {
    if (texts.some((t) => INJECTION.some((re) => re.test(t)))) {
      return blocked("prompt-injection", "prompt_injection_detected", texts, evaluated);
    }
    evaluated.push(pass("prompt-injection"));
  }
  if (config.blockedTerms.length > 0) {
    const lower = texts.map((t) => t.toLowerCase());
    if (config.blockedTerms.some((term) => lower.some((t) => t.includes(term.toLowerCase())))) {
      return blocked("blocked-terms", "blocked_term_detected", texts, evaluated);
    }
    evaluated.push(pass("blocked-terms"));
  }
  if (!config.redactPii) {
    return { ...allowed(texts), evaluated };
  }
  const found = new Set<string>();
  const redacted = redact(texts, found);
  const entities = [...found].sort();
  evaluated.push({
    name: "pii-redaction",
    result: entities.length > 0 ? "redacted" : "pass",
    phase: "input",
    latency_ms: 0.2,
    ...(entities.length > 0 ? { entities_found: entities } : {}),
  });
  if (entities.length === 0) return { ...allowed(texts), evaluated };
  return {
    verdict: "redact",
    policyOutcome: "redacted",
    reasonCode: "pii_detected",
    policy: null,
    texts: redacted,
    redactions: entities,
    evaluated,
  };
}

function allowed(texts: string[]): PolicyDecision {
  return {
    verdict: "allow",
    policyOutcome: "allowed",
    reasonCode: "all_policies_passed",
    policy: null,
    texts,
    redactions: [],
    evaluated: [],
  };
}
