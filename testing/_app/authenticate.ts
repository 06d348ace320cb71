/**
 * Bearer authentication of every `/v1` route (401 as the platform answers), and the gateway
 * scope on the gateway's routes (403).
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import type { Store } from "../_state/store.ts";
import { type Env, requireScope } from "./env.ts";
import { StandInError } from "./stand_in_error.ts";

/** Paths of the gateway lane: they need the `gateway:invoke` scope. */
export const GATEWAY_PATHS: ReadonlySet<string> = new Set([
  "/v1/chat/completions",
  "/v1/responses",
  "/v1/embeddings",
  "/v1/models",
]);

/** Checks the bearer token and sets `scopes`, `user` and `token`. */
export function authenticate(store: Store): MiddlewareHandler<Env> {
  return async (c, next) => {
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
    const entry = m ? store.tokens.authenticate(m[1]) : undefined;
    if (!entry) {
      throw new StandInError(401, {
        code: "invalid_token",
        message: "a valid bearer token is required",
      });
    }
    entry.info.last_used_at = store.clock.timestamp();
    c.set("scopes", new Set(entry.info.scopes));
    c.set("user", entry.user);
    c.set("token", entry.secret);
    if (GATEWAY_PATHS.has(c.req.path)) requireScope(c, "gateway:invoke");
    await next();
  };
}
