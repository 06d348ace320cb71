/**
 * The demo gateway's policy chain: block prompt injection, redact e-mail addresses and card
 * numbers, allow the rest.
 *
 * @module
 */

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

/** Runs the chain over the input texts of one request. */
export function evaluatePolicies(texts: string[]): PolicyDecision {
  const injected = texts.some((t) => INJECTION.some((re) => re.test(t)));
  const injection: PolicyResult = {
    name: "prompt-injection",
    result: injected ? "block" : "pass",
    phase: "input",
    latency_ms: 0.1,
  };
  if (injected) {
    return {
      verdict: "block",
      policyOutcome: "blocked",
      reasonCode: "prompt_injection_detected",
      policy: "prompt-injection",
      texts,
      redactions: [],
      evaluated: [injection],
    };
  }
  const found = new Set<string>();
  const redacted = texts.map((t) =>
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
  const entities = [...found].sort();
  const pii: PolicyResult = {
    name: "pii-redaction",
    result: entities.length > 0 ? "redacted" : "pass",
    phase: "input",
    latency_ms: 0.2,
    ...(entities.length > 0 ? { entities_found: entities } : {}),
  };
  if (entities.length > 0) {
    return {
      verdict: "redact",
      policyOutcome: "redacted",
      reasonCode: "pii_detected",
      policy: null,
      texts: redacted,
      redactions: entities,
      evaluated: [injection, pii],
    };
  }
  return {
    verdict: "allow",
    policyOutcome: "allowed",
    reasonCode: "all_policies_passed",
    policy: null,
    texts,
    redactions: [],
    evaluated: [injection, pii],
  };
}
