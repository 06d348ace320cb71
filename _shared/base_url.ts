/**
 * Checks of base URLs given to either lane.
 * Private to the package (never exported from an entry point); Web APIs only, because the gateway
 * lane loads it in browsers.
 *
 * @module
 */

/**
 * Checks a base URL: an absolute http(s) URL without credentials. Returns it without a trailing slash.
 *
 * @throws {TypeError} naming the field; the value itself is not echoed (it could carry a secret).
 */
export function normalizeBaseUrl(field: string, value: unknown, action: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(`Cannot ${action}: ${field} is missing`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`Cannot ${action}: ${field} is not an absolute URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(
      `Cannot ${action}: ${field} must use http or https, not ${url.protocol.slice(0, 16)}`,
    );
  }
  if (url.username || url.password) {
    throw new TypeError(`Cannot ${action}: ${field} must not contain credentials`);
  }
  if (url.search || url.hash) {
    throw new TypeError(`Cannot ${action}: ${field} must not have a query or fragment`);
  }
  return url.href.replace(/\/+$/, "");
}
