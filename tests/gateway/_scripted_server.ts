/**
 * A small real HTTP server for gateway answers the stand-in does not give (a 429 with a long
 * `Retry-After`, a 503 before an answer): it records each request and answers from a script.
 */
import { serveFetch } from "../../testing/_app/serve_fetch.ts";

/** One request the server received. */
export interface Received {
  readonly headers: Headers;
  readonly body: string;
  readonly at: number;
}

/** A running scripted server. */
export interface ScriptedServer {
  /** The gateway base URL (`.../v1`). */
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

/** A chat completion answer, as the gateway sends it. */
export function completion(text = "ok"): Response {
  return Response.json({
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1,
    model: "gpt-4o-mini",
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
    usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
  });
}

/** A gateway error envelope with a status and extra headers. */
export function refusal(status: number, error: object, headers: HeadersInit = {}): Response {
  return Response.json({ error }, { status, headers });
}

/** Starts a server whose `n`th request (1-based) gets `answer(n, request)`. */
export async function scriptedServer(
  answer: (n: number, request: Request) => Response | Promise<Response>,
): Promise<ScriptedServer> {
  const received: Received[] = [];
  const served = await serveFetch(async (request) => {
    received.push({ headers: request.headers, body: await request.text(), at: Date.now() });
    return answer(received.length, request);
  });
  return {
    url: `http://127.0.0.1:${served.port}/v1`,
    received,
    close: () => served.close(),
  };
}

export { ask } from "./_stand_in.ts";
