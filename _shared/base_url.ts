/**
 * Checks of base URLs given to either lane.
 * Private to the package (never exported from an entry point); Web APIs only, because the gateway
 * lane loads it in browsers.
 *
 * @module
 */
import { KeeptrustsConfigurationError } from "../errors.ts";
import { misuse } from "./options.ts";

/**
 * Checks a base URL: an absolute http(s) URL without credentials. Returns it without a trailing slash.
 *
 * @throws {TypeError} naming the field; the value itself is not echoed (it could carry a secret).
 */
export function normalizeBaseUrl(field: string, value: unknown, action: string): string {
  let url: URL | undefined;
  try {
    if (typeof value === "string") url = new URL(value);
  } catch {
    // Reported below.
  }
  const problem = typeof value !== "string" || !value.trim()
    ? "is missing"
    : !url
    ? "is not an absolute URL"
    : !/^https?:$/.test(url.protocol)
    ? `must use http or https, not ${url.protocol.slice(0, 16)}`
    : url.username || url.password
    ? "must not contain credentials"
    : url.search || url.hash
    ? "must not have a query or fragment"
    : "";
  if (problem) throw misuse(action, `${field} ${problem}`);
  return url!.href.replace(/\/+$/, "");
}

const shown = (s: string) => (s.length > 200 ? `${s.slice(0, 200)}...` : s);

/** The `base_url_version` error: the URL given, what is wrong with it, and the URL to use. */
function versionError(action: string, field: string, url: string, why: string, fix: string) {
  return new KeeptrustsConfigurationError(
    `Cannot ${action}: ${field} ${shown(url)} ${why}: use ${shown(fix)}`,
    { code: "base_url_version" },
  );
}

/**
 * Checks that a gateway base URL (from {@linkcode normalizeBaseUrl}) ends in `/v1`, as the
 * gateway's OpenAI-style base URL does (`https://gateway.example/v1`).
 *
 * @throws {KeeptrustsConfigurationError} (code `base_url_version`) naming the URL to use.
 */
export function checkGatewayBaseUrl(field: string, url: string, action: string): void {
  const { origin, pathname } = new URL(url);
  if (/\/v1$/.test(pathname)) return;
  const at = pathname.indexOf("/v1/");
  const fix = origin + (at < 0 ? pathname.replace(/\/$/, "") + "/v1" : pathname.slice(0, at + 3));
  throw versionError(
    action,
    field,
    url,
    "does not end in /v1 (the gateway's OpenAI-style base URL includes it)",
    fix,
  );
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
  if (wantV1) return checkGatewayBaseUrl(field, url, action);
  const { origin, pathname } = new URL(url);
  if (!/\/v1$/.test(pathname)) return;
  throw versionError(
    action,
    field,
    url,
    "ends in /v1 (the control-plane URL does not; the SDK adds /v1/... itself)",
    origin + pathname.slice(0, -3),
  );
}
