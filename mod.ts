/**
 * `@keeptrusts/client`: the TypeScript SDK for Keeptrusts, in two lanes.
 *
 * - Gateway lane (also `@keeptrusts/client/gateway`): a real `OpenAI` client routed through the
 *   Keeptrusts gateway with the canonical headers. Runs anywhere, browsers included.
 * - Control-plane lane (also `@keeptrusts/client/control`): events and spend, trail verification,
 *   evidence bundles, automation. Server code only.
 * - Evidence (also `@keeptrusts/client/evidence`): offline verification of trails and bundles.
 *
 * This entry point re-exports all three, so it is as strict as the strictest: use it on servers,
 * and import `@keeptrusts/client/gateway` in browser or edge code.
 *
 * @example Both lanes on a server
 * ```ts
 * import { createControlPlaneClient, createGatewayClient, listEvents } from "@keeptrusts/client";
 *
 * const gateway = createGatewayClient({ agentId: "agent-demo" });
 * const completion = await gateway.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] });
 * const control = createControlPlaneClient();
 * const { events } = await listEvents(control, { agentId: "agent-demo" });
 * console.log(completion.choices[0].message.content, events.length);
 * ```
 *
 * @module
 */
export * from "./gateway/mod.ts";
export * from "./control/mod.ts";
export * from "./evidence/mod.ts";
