/**
 * CORS for browser pages calling the stand-in: preflights are answered before authentication;
 * the canonical Keeptrusts headers and openai-node's `x-stainless-*` headers are allowed;
 * `x-request-id` and the decision headers are exposed to the page.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { StandInError } from "./stand_in_error.ts";

/** Request headers a page may send (besides `x-stainless-*`). */
export const ALLOWED_HEADERS: readonly string[] = [
  "authorization",
  "content-type",
  "accept",
  "x-request-id",
  "x-keeptrusts-agent-id",
  "traceparent",
  "tracestate",
];

/** Response headers a page may read. */
export const EXPOSED_HEADERS: readonly string[] = [
  "x-request-id",
  "x-keeptrusts-event-id",
  "x-keeptrusts-verdict",
  "x-should-retry",
  "retry-after",
];

const allowedHeader = (name: string) =>
  ALLOWED_HEADERS.includes(name) || /^x-stainless-[a-z0-9-]+$/.test(name);

/**
 * Answers preflights and marks responses readable cross-origin.
 *
 * @param origins `"*"` for any page, or the exact origins allowed.
 */
export function cors(origins: "*" | readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header("origin");
    if (origin === undefined) return await next();
    const allowed = origins === "*" || origins.includes(origin);
    if (c.req.method === "OPTIONS" && c.req.header("access-control-request-method")) {
      if (!allowed) {
        throw new StandInError(403, {
          code: "origin_not_allowed",
          message: "this origin may not call the stand-in",
        });
      }
      const requested = (c.req.header("access-control-request-headers") ?? "").split(",")
        .map((h) => h.trim().toLowerCase()).filter((h) => h !== "");
      return new Response(null, {
        status: 204,
        headers: {
          "access-control-allow-origin": origins === "*" ? "*" : origin,
          "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
          "access-control-allow-headers": requested.filter(allowedHeader).join(", "),
          "access-control-max-age": "600",
          "vary": "Origin, Access-Control-Request-Headers",
        },
      });
    }
    await next();
    if (!allowed) return;
    c.res.headers.set("access-control-allow-origin", origins === "*" ? "*" : origin);
    c.res.headers.set("access-control-expose-headers", EXPOSED_HEADERS.join(", "));
    c.res.headers.append("vary", "Origin");
  };
}
