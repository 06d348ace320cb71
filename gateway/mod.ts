/**
 * The gateway lane of `@keeptrusts/client`: governed inference through a real `OpenAI` client routed
 * via the Keeptrusts gateway, with the canonical headers (`x-request-id`, `x-keeptrusts-agent-id`,
 * W3C `traceparent`) on every request. Web APIs only: it runs in Deno, Bun, Node, edge runtimes and
 * browsers, and loads neither the control-plane client nor its validators.
 *
 * @example Governed chat completion
 * ```ts
 * import { createGatewayClient, decodeGatewayError } from "@keeptrusts/client/gateway";
 *
 * // KEEPTRUSTS_GATEWAY_URL and KEEPTRUSTS_API_KEY come from the environment.
 * const client = createGatewayClient({ agentId: "agent-finance-assistant" });
 * try {
 *   const completion = await client.chat.completions.create({
 *     model: "gpt-4o-mini",
 *     messages: [{ role: "user", content: "Summarize today's policy checks." }],
 *   });
 *   console.log(completion.choices[0].message.content);
 * } catch (err) {
 *   console.log(decodeGatewayError(err) ?? err);
 * }
 * ```
 *
 * @module
 */
export {
  createGatewayClient,
  createResponsesClient,
  DEFAULT_GATEWAY_URL,
  type GatewayClient,
  type GatewayClientOptions,
  type ResponsesClient,
} from "./client.ts";
export {
  AGENT_ID_HEADER,
  buildKeeptrustsHeaders,
  type KeeptrustsHeaders,
  type KeeptrustsHeadersOptions,
  REQUEST_ID_HEADER,
  TRACEPARENT_HEADER,
} from "./headers.ts";
export { generateTraceparent, parseTraceparent, type Traceparent } from "./traceparent.ts";
export { decodeGatewayError, type GatewayError } from "./errors.ts";
