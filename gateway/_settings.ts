/**
 * The connection settings every gateway factory resolves the same way: URL, key, agent id, trace
 * source and fetch, from options first, then the environment (or the `env` option). Private to the
 * gateway lane.
 *
 * @module
 */
import { checkGatewayBaseUrl, normalizeBaseUrl } from "../_shared/base_url.ts";
import { checkEnvOption, type EnvRecord, readEnv } from "../_shared/env.ts";
import { assertHeaderId, assertSecret } from "../_shared/header_values.ts";
import { misuse } from "../_shared/options.ts";
import { KeeptrustsConfigurationError } from "../errors.ts";
import type { TraceSource } from "./_gateway_fetch.ts";

/** The connection options every gateway factory takes. */
export interface ConnectionOptions {
  baseUrl?: string;
  apiKey?: string;
  agentId?: string;
  traceparent?: TraceSource;
  env?: EnvRecord;
  fetch?: typeof fetch;
}

/** Resolved settings. */
export interface GatewaySettings {
  readonly baseURL: string;
  readonly apiKey: string;
  readonly agentId: string | undefined;
  readonly traceparent: TraceSource;
  /** The caller's `fetch`, else one that calls the global `fetch` at request time. */
  readonly fetch: typeof fetch;
}

/** The names of the connection options, for {@linkcode checkOptions}. */
export const CONNECTION_OPTIONS = ["baseUrl", "apiKey", "agentId", "traceparent", "env", "fetch"];

/**
 * Resolves and checks the connection settings.
 *
 * @throws {KeeptrustsConfigurationError} when no key is found (`missing_api_key`), the URL lacks
 * `/v1` (`base_url_version`), or Deno refuses to read a variable that is needed (`env_denied`).
 * @throws {TypeError} on a malformed value; a key never appears in a message.
 */
export function resolveSettings(
  o: ConnectionOptions,
  action: string,
  defaultUrl: string,
): GatewaySettings {
  const env = checkEnvOption(o.env, action);
  const read = (name: string) => readEnv(name, env);
  const fromEnv = o.baseUrl === undefined ? read("KEEPTRUSTS_GATEWAY_URL") : undefined;
  const urlField = fromEnv ? "KEEPTRUSTS_GATEWAY_URL" : "baseUrl";
  const baseURL = normalizeBaseUrl(urlField, o.baseUrl ?? fromEnv ?? defaultUrl, action);
  checkGatewayBaseUrl(urlField, baseURL, action);
  let keyField = "apiKey";
  let apiKey: unknown = o.apiKey;
  for (const name of ["KEEPTRUSTS_API_KEY", "KEEPTRUSTS_API_TOKEN"]) {
    apiKey ??= read(keyField = name);
  }
  if (apiKey == null) {
    throw new KeeptrustsConfigurationError(
      `Cannot ${action}: no API key: pass apiKey, or set KEEPTRUSTS_API_KEY or ` +
        `KEEPTRUSTS_API_TOKEN${env ? " in the env option" : ""}`,
      { code: "missing_api_key" },
    );
  }
  assertSecret(keyField, apiKey, action, "");
  const agentId = o.agentId ?? read("KEEPTRUSTS_AGENT_ID");
  if (agentId !== undefined) {
    assertHeaderId(o.agentId === undefined ? "KEEPTRUSTS_AGENT_ID" : "agentId", agentId, action);
  }
  const { traceparent, fetch: inner } = o;
  if (traceparent !== undefined && !/^(string|function)$/.test(typeof traceparent)) {
    throw misuse(action, "traceparent must be a string or a function");
  }
  if (inner !== undefined && typeof inner !== "function") {
    throw misuse(action, "fetch must be a function");
  }
  return {
    baseURL,
    apiKey,
    agentId,
    traceparent,
    // Looked up per request, so that a `fetch` patched after the client was made is used.
    fetch: inner ?? ((input, init) => fetch(input, init)),
  };
}
