/**
 * Token usage read from a gateway answer as it streams to the caller (JSON or server-sent events),
 * for the OpenTelemetry span of the attempt. Only used when a span records the attempt. Private to
 * the gateway lane.
 *
 * @module
 */

type Done = (status: number, usage?: Record<string, unknown>) => void;
type Json = Record<string, unknown> & { usage?: Json; response?: Json };

/** Adds the GenAI semantic-convention attributes of an answer (chat, responses or embeddings). */
function take(usage: Record<string, unknown>, data: string): void {
  try {
    const body: Json = JSON.parse(data);
    const u = body.usage ?? body.response?.usage ?? {};
    const found = {
      "gen_ai.response.id": body.id ?? body.response?.id,
      "gen_ai.response.model": body.model ?? body.response?.model,
      "gen_ai.usage.input_tokens": u.prompt_tokens ?? u.input_tokens,
      "gen_ai.usage.output_tokens": u.completion_tokens ?? u.output_tokens,
    };
    for (const [k, v] of Object.entries(found)) if (v !== undefined) usage[k] = v;
  } catch {
    // Not a JSON object (`[DONE]`, a truncated line, nothing): nothing to read.
  }
}

/**
 * Passes `response` through unchanged and calls `done` with its usage when the body ends (or with
 * the status alone when it is cancelled or fails part-way). Keeps at most 1 MiB of text per line
 * (a JSON answer is one line); an event without `"usage"` in it is not parsed.
 */
export function watchUsage(response: Response, done: Done): Response {
  const reader = response.body?.getReader();
  if (!reader) return done(response.status), response;
  const sse = /event-stream/.test(response.headers.get("content-type")!);
  const decoder = new TextDecoder();
  const usage: Record<string, unknown> = {};
  let text = "";
  let ended = false;
  const end = (withUsage: boolean) => {
    if (!ended) done(response.status, withUsage ? usage : undefined);
    ended = true;
  };
  const line = (l: string) => {
    const data = sse ? /^data:\s?(.*"usage".*)$/s.exec(l)?.[1] : l;
    if (data) take(usage, data);
  };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done: finished, value } = await reader.read();
        if (finished) {
          line(text + decoder.decode());
          end(true);
          return controller.close();
        }
        controller.enqueue(value);
        text += decoder.decode(value, { stream: true });
        if (sse) {
          const lines = text.split("\n");
          text = lines.pop()!;
          lines.forEach(line);
        }
        // Past 1 MiB the line is not kept: its usage (if any) is lost, never the caller's data.
        if (text.length > 1 << 20) text = "";
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
  return new Response(stream, response);
}
