/**
 * Middleware answering the requests a {@linkcode FaultPlan} picks with a 429 (with `Retry-After`)
 * or a 5xx, before authentication, as an overloaded gateway or control plane would.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import type { FaultPlan } from "../_state/fault_plan.ts";
import { StandInError } from "./stand_in_error.ts";

/** Injects the planned faults. */
export function faults(plan: FaultPlan): MiddlewareHandler {
  return async (c, next) => {
    const fault = plan.next(c.req.path);
    if (fault) {
      const headers: Record<string, string> = fault.retryAfter === null
        ? {}
        : { "retry-after": String(fault.retryAfter) };
      throw fault.status === 429
        ? new StandInError(429, {
          code: "too_many_requests",
          message: "stand-in fault: slow down",
          headers,
        })
        : new StandInError(fault.status, {
          code: "unavailable",
          type: "internal_error",
          message: "stand-in fault: temporarily unavailable",
          headers,
        });
    }
    await next();
  };
}
