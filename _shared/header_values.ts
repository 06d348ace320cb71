/**
 * Checks of values that go into HTTP headers: request ids, agent ids, secrets.
 * Private to the package (never exported from an entry point); Web APIs only, because the gateway
 * lane loads it in browsers.
 *
 * @module
 */

/** Longest request id or agent id accepted in a header. */
export const MAX_HEADER_ID_LENGTH = 256;

// C0, DEL and C1 (U+0080-U+009F: NEL U+0085 and CSI U+009B among them).
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Checks a value that will be sent as an HTTP header (a request id or an agent id).
 *
 * @throws {TypeError} when it is not a non-empty string of at most `maxLength` (default 256)
 * Latin-1 characters without control characters (C0, DEL, C1) or surrounding white space. The message names the field and the problem, never the value.
 */
export function assertHeaderId(
  field: string,
  value: unknown,
  action: string,
  maxLength: number = MAX_HEADER_ID_LENGTH,
): asserts value is string {
  if (typeof value !== "string") {
    throw new TypeError(`Cannot ${action}: ${field} must be a string, got ${typeof value}`);
  }
  if (value.length === 0) throw new TypeError(`Cannot ${action}: ${field} is empty`);
  if (value.length > maxLength) {
    throw new TypeError(
      `Cannot ${action}: ${field} is ${value.length} characters long (at most ${maxLength})`,
    );
  }
  if (/[\r\n]/.test(value)) throw new TypeError(`Cannot ${action}: ${field} contains a line break`);
  if (CONTROL_CHARS.test(value)) {
    throw new TypeError(`Cannot ${action}: ${field} contains a control character`);
  }
  if (value !== value.trim()) {
    throw new TypeError(`Cannot ${action}: ${field} has leading or trailing white space`);
  }
  // Header values are ISO-8859-1 on the wire; anything above U+00FF cannot be sent as is.
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) > 0xff) {
      throw new TypeError(`Cannot ${action}: ${field} contains a character that is not Latin-1`);
    }
  }
}

/** Checks a secret (API key or bearer token) without ever putting it in a message. */
export function assertSecret(
  field: string,
  value: unknown,
  action: string,
  hint: string,
): asserts value is string {
  if (value === undefined || value === null) {
    throw new TypeError(`Cannot ${action}: ${field} is missing (${hint})`);
  }
  if (typeof value !== "string") {
    throw new TypeError(`Cannot ${action}: ${field} must be a string, got ${typeof value}`);
  }
  if (value.trim() === "") throw new TypeError(`Cannot ${action}: ${field} is empty`);
  // Visible ASCII only: anything else is refused by `Headers`, whose error message would quote the
  // whole header value, secret included.
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw new TypeError(
      `Cannot ${action}: ${field} contains white space, control or non-ASCII characters`,
    );
  }
}
