/**
 * Token usage read from a gateway answer as it streams to the caller (JSON or server-sent events),
 * for the OpenTelemetry span of the attempt. Only used when a span records the attempt. Private to
 * the gateway lane.
 *
 * @module
 */

type Done = (status: number, usage?: Record<string, unknown>) => void;
type Json = Record<string, unknown> & { usage?: Json; response?: Json };

const MAX_TEXT = 1 << 20;

/** The GenAI semantic-convention attributes of an answer (chat, responses or embeddings). */
function attributesOf(body: Json): Record<string, unknown> {
  const u = (body.usage ?? body.response?.usage ?? {}) as Record<string, unknown>;
  return {
    "gen_ai.response.id": body.id ?? body.response?.id,
    "gen_ai.response.model": body.model ?? body.response?.model,
    "gen_ai.usage.input_tokens": u.prompt_tokens ?? u.input_tokens,
    "gen_ai.usage.output_tokens": u.completion_tokens ?? u.output_tokens,
  };
}

/**
 * Passes `response` through unchanged and calls `done` with its usage when the body ends (or with
 * the status alone when it is cancelled or fails part-way). Reads at most 1 MiB of text per line.
 */
export function watchUsage(response: Response, done: Done): Response {
  if (!response.body) return done(response.status), response;
  const sse = /event-stream/.test(response.headers.get("content-type") ?? "");
  const decoder = new TextDecoder();
  let text = "";
  let usage: Record<string, unknown> = {};
  const take = (line: string) => {
    const data = sse ? /^data:\s?(.*)$/s.exec(line)?.[1] : line;
    if (data === undefined || (sse && !data.includes('"usage"'))) return;
    try {
      const found = attributesOf(JSON.parse(data));
      for (const [k, v] of Object.entries(found)) if (v !== undefined) usage[k] = v;
    } catch {
      // Not JSON (`[DONE]`, a truncated line): nothing to read.
    }
  };
  let ended = false;
  const end = (withUsage: boolean) => {
    if (!ended) done(response.status, withUsage ? usage : undefined);
    ended = true;
  };
  const reader = response.body.getReader();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done: finished, value } = await reader.read();
        if (finished) {
          take(text + decoder.decode());
          end(true);
          return controller.close();
        }
        controller.enqueue(value);
        text += decoder.decode(value, { stream: true });
        if (sse) {
          const lines = text.split("\n");
          text = lines.pop()!;
          lines.forEach(take);
        }
        if (text.length > MAX_TEXT) text = "", usage = {};
      } catch (err) {
        end(false);
        controller.error(err);
      }
    },
    cancel(reason) {
      end(false);
      return reader.cancel(reason);
    },
  });
  return new Response(stream, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
