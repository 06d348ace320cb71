/**
 * Test-only switches as a Hono sub-app, for a stand-in running in another process:
 * `POST /__standin/faults` and `POST /__standin/lies` take the same JSON as `setFaults` and
 * `setLies`. Mounted only when the `switches` option is on; the admin token is required.
 *
 * @module
 */
import { type Context, Hono } from "hono";
import type { Store } from "../_state/store.ts";
import type { Env } from "./env.ts";
import { jsonBody } from "./query.ts";
import { StandInError } from "./stand_in_error.ts";

/** What the switches change. */
export interface Switches {
  setFaults(faults: never): void;
  setLies(lies: never): void;
}

/** The switch routes. */
export function switchesApp(store: Store, switches: Switches): Hono<Env> {
  const app = new Hono<Env>();
  app.use("/__standin/*", async (c, next) => {
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
    if (!m || m[1] !== store.adminToken) {
      throw new StandInError(401, {
        code: "invalid_token",
        message: "the stand-in's admin token is required",
      });
    }
    await next();
  });
  const apply = (set: (value: never) => void) => async (c: Context<Env>) => {
    const body = await jsonBody(c);
    try {
      set(body as never);
    } catch (err) {
      throw new StandInError(422, { code: "invalid_switch", message: (err as Error).message });
    }
    return c.json({ ok: true });
  };
  app.post("/__standin/faults", apply(switches.setFaults));
  app.post("/__standin/lies", apply(switches.setLies));
  return app;
}
