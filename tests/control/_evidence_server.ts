/**
 * Helpers of the online evidence tests: governed requests made on the stand-in, a client whose
 * received bytes are counted, and a deployment without the evidence routes.
 */
import { createControlPlaneClient } from "../../control/mod.ts";
import type { DemoServer } from "../_helpers.ts";

/** Makes `n` governed requests through the stand-in's gateway; returns their request ids. */
export async function governedRequests(
  server: DemoServer,
  n: number,
  prefix = "req_t",
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${prefix}_${Date.now().toString(36)}_${i}`;
    const response = await fetch(`${server.gatewayUrl}/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${server.adminToken}`,
        "content-type": "application/json",
        "x-request-id": id,
      },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`gateway answered ${response.status}`);
    ids.push(id);
  }
  return ids;
}

/**
 * A client of `server` (a demo server or a stand-in process: its URL and read token) that counts
 * the bytes of every response body it receives; `timeout` for benchmarks that wait long.
 */
export function countingClient(
  server: { url: string; readToken: string },
  token = server.readToken,
  timeout?: number,
) {
  const counter = { bytes: 0, requests: 0 };
  const client = createControlPlaneClient({
    baseUrl: server.url,
    bearerToken: token,
    ...(timeout === undefined ? {} : { timeout }),
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await fetch(input, init);
      const body = new Uint8Array(await response.arrayBuffer());
      counter.bytes += body.length;
      counter.requests++;
      return new Response(body, { status: response.status, headers: response.headers });
    }) as typeof fetch,
  });
  return { client, counter };
}

/**
 * A client of a deployment that has the trail but not the evidence routes (the latest digest,
 * proofs): they answer 404 with the platform's envelope, as a router does for an unknown path.
 */
export function olderDeployment(server: DemoServer, status = 404) {
  return createControlPlaneClient({
    baseUrl: server.url,
    bearerToken: server.readToken,
    maxRetries: 0,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (/^\/v1\/trail\/(proofs\/|digests\/latest)/.test(url.pathname)) {
        const error = { type: "not_found", code: "route_not_found", message: "no route" };
        return Response.json({ error }, { status });
      }
      return await fetch(input, init);
    }) as typeof fetch,
  });
}
