/**
 * Checks of values that go into HTTP headers: request ids, agent ids, secrets.
 * Private to the package (never exported from an entry point); Web APIs only, because the gateway
 * lane loads it in browsers.
 *
 * @module
 */
import { misuse, typeOf } from "./options.ts";

/** Longest request id or agent id accepted in a header. */
export const MAX_HEADER_ID_LENGTH = 256;

/**
 * Checks a value that will be sent as an HTTP header (a request id or an agent id).
 *
 * @throws {TypeError} when it is not a non-empty string of at most `maxLength` (default 256)
 * Latin-1 characters without control characters (C0, DEL, C1) or surrounding white space. The
 * message names the field and the problem, never the value.
 */
export function assertHeaderId(
  field: string,
  value: unknown,
  action: string,
  maxLength: number = MAX_HEADER_ID_LENGTH,
): asserts value is string {
  const problem = typeof value !== "string"
    ? `must be a string, got ${typeOf(value)}`
    : value === ""
    ? "is empty"
    : value.length > maxLength
    ? `is ${value.length} characters long (at most ${maxLength})`
    : /[\r\n]/.test(value)
    ? "contains a line break"
    // C0, DEL and C1 (U+0080-U+009F: NEL U+0085 and CSI U+009B among them).
    : /[\0-\x1f\x7f-\x9f]/.test(value)
    ? "contains a control character"
    : value !== value.trim()
    ? "has leading or trailing white space"
    // Header values are ISO-8859-1 on the wire; anything above U+00FF cannot be sent as is.
    : /[^\0-\xff]/.test(value)
    ? "contains a character that is not Latin-1"
    : "";
  if (problem) throw misuse(action, `${field} ${problem}`);
}

/** Checks a secret (API key or bearer token) without ever putting it in a message. */
export function assertSecret(
  field: string,
  value: unknown,
  action: string,
  hint: string,
): asserts value is string {
  const problem = value == null
    ? `is missing (${hint})`
    : typeof value !== "string"
    ? `must be a string, got ${typeOf(value)}`
    : value.trim() === ""
    ? "is empty"
    // Visible ASCII only: anything else is refused by `Headers`, whose error message would quote
    // the whole header value, secret included.
    : /[^\x21-\x7e]/.test(value)
    ? "contains white space, control or non-ASCII characters"
    : "";
  if (problem) throw misuse(action, `${field} ${problem}`);
}
