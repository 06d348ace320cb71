/**
 * `Idempotency-Key` handling of the stand-in's create routes: a repeated key with the same body
 * replays the first answer (`idempotent-replayed: true`); with another body it is a 409.
 *
 * @module
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Json } from "../_state/records.ts";
import type { Store } from "../_state/store.ts";
import type { Env } from "./env.ts";
import { jsonBody } from "./query.ts";
import { StandInError } from "./stand_in_error.ts";

/** What a create route answers. */
export interface Created {
  status: ContentfulStatusCode;
  body: Json;
}

/** Runs `create` once per idempotency key of `scope`; replays its answer for the same key. */
export async function idempotent(
  store: Store,
  c: Context<Env>,
  scope: string,
  create: (body: Json) => Created,
): Promise<Response> {
  const body = await jsonBody(c);
  const key = c.req.header("idempotency-key");
  const fingerprint = `${scope}:${JSON.stringify(body)}`;
  if (key !== undefined) {
    const seen = store.idempotency.get(`${scope}:${key}`);
    if (seen) {
      if (seen.fingerprint !== fingerprint) {
        throw new StandInError(409, {
          code: "idempotency_key_reused",
          message: "this Idempotency-Key was used with a different body",
        });
      }
      c.header("idempotent-replayed", "true");
      return c.json(seen.body, seen.status as ContentfulStatusCode);
    }
  }
  const result = create(body);
  if (key !== undefined) store.idempotency.set(`${scope}:${key}`, { fingerprint, ...result });
  return c.json(result.body, result.status);
}
