/**
 * The connection settings every gateway factory resolves the same way: URL, key, agent id and
 * trace source, from options first, then the environment (or the `env` option). Private to the
 * gateway lane.
 *
 * @module
 */
import { checkBaseUrlVersion, normalizeBaseUrl } from "../_shared/base_url.ts";
import { checkEnvOption, type EnvRecord, readEnv } from "../_shared/env.ts";
import { assertHeaderId, assertSecret } from "../_shared/header_values.ts";
import { KeeptrustsConfigurationError } from "../errors.ts";
import type { TraceSource } from "./_call_trace.ts";

/** The connection options every gateway factory takes. */
export interface ConnectionOptions {
  baseUrl?: string;
  apiKey?: string;
  agentId?: string;
  traceparent?: TraceSource;
  env?: EnvRecord;
}

/** Resolved settings. */
export interface GatewaySettings {
  readonly baseURL: string;
  readonly apiKey: string;
  readonly agentId: string | undefined;
  readonly traceparent: TraceSource;
}

/** The names of the connection options, for {@linkcode checkOptions}. */
export const CONNECTION_OPTIONS = ["baseUrl", "apiKey", "agentId", "traceparent", "env"] as const;

/**
 * Resolves and checks the connection settings.
 *
 * @throws {KeeptrustsConfigurationError} when no key is found (`missing_api_key`), the URL lacks
 * `/v1` (`base_url_version`), or Deno refuses to read a variable that is needed (`env_denied`).
 * @throws {TypeError} on a malformed value; a key never appears in a message.
 */
export function resolveSettings(
  options: ConnectionOptions,
  action: string,
  defaultUrl: string,
): GatewaySettings {
  const env = checkEnvOption(options.env, action);
  const fromEnv = (name: string) => readEnv(name, env);
  let urlField = "baseUrl";
  let url = options.baseUrl;
  if (url === undefined) {
    url = fromEnv("KEEPTRUSTS_GATEWAY_URL");
    if (url !== undefined) urlField = "KEEPTRUSTS_GATEWAY_URL";
  }
  const baseURL = normalizeBaseUrl(urlField, url ?? defaultUrl, action);
  checkBaseUrlVersion(urlField, baseURL, action, true);
  let keyField = "apiKey";
  let apiKey: unknown = options.apiKey;
  for (const name of ["KEEPTRUSTS_API_KEY", "KEEPTRUSTS_API_TOKEN"]) {
    if (apiKey !== undefined && apiKey !== null) break;
    apiKey = fromEnv(keyField = name);
  }
  if (apiKey === undefined || apiKey === null) {
    throw new KeeptrustsConfigurationError(
      `Cannot ${action}: no API key: pass apiKey, or set KEEPTRUSTS_API_KEY or ` +
        `KEEPTRUSTS_API_TOKEN${env ? " in the env option" : ""}`,
      { code: "missing_api_key" },
    );
  }
  assertSecret(keyField, apiKey, action, "");
  const agentId = options.agentId ?? fromEnv("KEEPTRUSTS_AGENT_ID");
  if (agentId !== undefined) {
    assertHeaderId(
      options.agentId === undefined ? "KEEPTRUSTS_AGENT_ID" : "agentId",
      agentId,
      action,
    );
  }
  const { traceparent } = options;
  if (traceparent !== undefined && !["string", "function"].includes(typeof traceparent)) {
    throw new TypeError(`Cannot ${action}: traceparent must be a string or a function`);
  }
  return { baseURL, apiKey, agentId, traceparent };
}
