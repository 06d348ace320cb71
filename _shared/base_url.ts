/**
 * Checks of base URLs given to either lane.
 * Private to the package (never exported from an entry point); Web APIs only, because the gateway
 * lane loads it in browsers.
 *
 * @module
 */
import { KeeptrustsConfigurationError } from "../errors.ts";

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

/**
 * Checks the API-version rule of a lane's base URL: the gateway's OpenAI-style URL ends in `/v1`
 * (`https://gateway.example/v1`), the control plane's does not (the SDK adds `/v1/...` itself).
 * Catches the mistake before the first request, with the fix in the message.
 *
 * @param field Where the URL came from (`baseUrl`, `KEEPTRUSTS_GATEWAY_URL`).
 * @param url A URL returned by {@linkcode normalizeBaseUrl} (no credentials, query or fragment).
 * @param action What the caller was doing, for the message.
 * @param wantV1 True for the gateway lane, false for the control plane.
 * @throws {KeeptrustsConfigurationError} (code `base_url_version`) naming the URL to use.
 */
export function checkBaseUrlVersion(
  field: string,
  url: string,
  action: string,
  wantV1: boolean,
): void {
  const { origin, pathname } = new URL(url);
  const endsInV1 = /\/v1$/.test(pathname);
  if (endsInV1 === wantV1) return;
  const shown = (s: string) => (s.length > 200 ? `${s.slice(0, 200)}...` : s);
  const v1At = pathname.indexOf("/v1/");
  const fix = wantV1
    ? origin + (v1At >= 0 ? pathname.slice(0, v1At + 3) : pathname.replace(/\/$/, "") + "/v1")
    : origin + pathname.slice(0, -3);
  throw new KeeptrustsConfigurationError(
    wantV1
      ? `Cannot ${action}: ${field} ${shown(url)} does not end in /v1 (the gateway's ` +
        `OpenAI-style base URL includes it): use ${shown(fix)}`
      : `Cannot ${action}: ${field} ${shown(url)} ends in /v1 (the control-plane URL does not; ` +
        `the SDK adds /v1/... itself): use ${shown(fix)}`,
    { code: "base_url_version" },
  );
}
