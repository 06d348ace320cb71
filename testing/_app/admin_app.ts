/**
 * The control plane's automation routes as a Hono sub-app: service accounts and API tokens
 * (create with `Idempotency-Key`, list, revoke).
 *
 * @module
 */
import { Hono } from "hono";
import type { Json } from "../_state/records.ts";
import type { Store } from "../_state/store.ts";
import { type Env, requireScope } from "./env.ts";
import { idempotent } from "./idempotent.ts";
import { decodeCursor, encodeCursor, limitOf } from "./query.ts";
import { invalidParameter, StandInError } from "./stand_in_error.ts";

const NAME = /^[a-z0-9][a-z0-9-]{1,62}$/;
const SCOPE = /^[a-z_]+:[a-z_*]+$/;
const scopesOk = (scopes: unknown) =>
  Array.isArray(scopes) && scopes.every((s: unknown) => typeof s === "string" && SCOPE.test(s));

function checkToken(body: Json): number | null {
  if (typeof body?.name !== "string" || body.name.length === 0 || body.name.length > 128) {
    throw invalidParameter("name must be 1-128 characters", "invalid_name");
  }
  if (!scopesOk(body.scopes)) {
    throw invalidParameter("scopes must be resource:action strings", "invalid_scopes");
  }
  const days = body.expires_in_days ?? null;
  if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= 3650)) {
    throw invalidParameter("expires_in_days must be 1-3650", "invalid_expiry");
  }
  return days;
}

/** The service-account and token routes. */
export function adminApp(store: Store): Hono<Env> {
  const app = new Hono<Env>();
  app.post("/v1/service-accounts", (c) => {
    requireScope(c, "service_accounts:write");
    return idempotent(store, c, "sa", (body) => {
      if (typeof body?.name !== "string" || !NAME.test(body.name)) {
        throw invalidParameter(
          "name must be 2-63 lowercase letters, digits or dashes",
          "invalid_name",
        );
      }
      if (!scopesOk(body.scopes) || body.scopes.length === 0) {
        throw invalidParameter(
          "scopes must be a non-empty array of resource:action strings",
          "invalid_scopes",
        );
      }
      const created = store.admin.createServiceAccount(body.name, body.scopes, c.get("user"));
      if (!created) {
        throw new StandInError(409, {
          code: "name_taken",
          message: `a service account named ${body.name} exists`,
        });
      }
      return { status: 201, body: created };
    });
  });

  app.get("/v1/tokens", (c) => {
    requireScope(c, "tokens:read");
    const type = c.req.query("type");
    const limit = limitOf(c);
    const all = store.tokens.list().filter((t) => type === undefined || t.token_type === type);
    const start = decodeCursor("tok", c.req.query("cursor"));
    const end = start + limit;
    return c.json({
      tokens: all.slice(start, end),
      next_cursor: end < all.length ? encodeCursor("tok", end) : null,
    });
  });

  app.post("/v1/tokens", (c) => {
    requireScope(c, "tokens:write");
    return idempotent(store, c, "tok", (body) => {
      const expiresInDays = checkToken(body);
      const created = store.admin.createToken({
        name: body.name,
        scopes: body.scopes,
        purpose: body.purpose ?? null,
        user: c.get("user"),
        expiresInDays,
        tokenType: body.token_type === "gateway" ? "gateway" : "access",
      });
      return { status: 201, body: created };
    });
  });

  app.delete("/v1/tokens/:token_id", (c) => {
    requireScope(c, "tokens:write");
    const info = store.admin.revokeToken(c.req.param("token_id"), c.get("user"));
    if (!info) throw new StandInError(404, { code: "token_not_found", message: "no such token" });
    return c.json(info);
  });
  return app;
}
