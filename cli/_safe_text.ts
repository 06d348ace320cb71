/**
 * Text from evidence under verification is hostile: a key id or a failure reason holding terminal
 * escape sequences could repaint "NOT VERIFIED" as "VERIFIED", and bidirectional overrides could
 * reorder a fingerprint on screen. Everything the CLI prints from the outside goes through here.
 * Private to the CLI.
 *
 * @module
 */

// C0 and C1 controls, DEL, bidi embeddings/overrides/isolates, line and paragraph separators.
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// JSON.stringify already escapes C0 controls inside strings; these it leaves raw.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const MAX_FIELD = 500;

function escape(ch: string): string {
  return "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0");
}

/** A value as one safe line of text: controls escaped, cut to 500 characters. */
export function safeText(value: unknown): string {
  const text = typeof value === "string" ? value : value === undefined ? "" : String(value);
  const safe = text.replace(UNSAFE, escape);
  return safe.length > MAX_FIELD
    ? `${safe.slice(0, MAX_FIELD)}... (${safe.length} characters)`
    : safe;
}

/** A JSON document with the same value, whose text shows no control or bidi character raw. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, escape);
}
