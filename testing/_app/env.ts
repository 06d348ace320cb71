/**
 * The Hono environment of the stand-in's apps: what the middleware learns about a request.
 *
 * @module
 */
import type { Context } from "hono";
import { StandInError } from "./stand_in_error.ts";

/** Variables every route can read. */
export type Env = {
  Variables: {
    /** The request's `x-request-id` (the caller's, or a fresh one). */
    requestId: string;
    /** Scopes of the bearer token. */
    scopes: ReadonlySet<string>;
    /** Who the token acts for. */
    user: string;
    /** The bearer token itself (selects a lying history in split-view mode). */
    token: string;
  };
};

/** Throws 403 `missing_scope` unless the request's token has the scope. */
export function requireScope(c: Context<Env>, scope: string): void {
  if (!c.get("scopes").has(scope)) {
    throw new StandInError(403, {
      code: "missing_scope",
      message: `this route requires the ${scope} scope`,
    });
  }
}
