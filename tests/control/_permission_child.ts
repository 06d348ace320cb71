/**
 * Child process of configuration_test.ts, always run by Deno with some permissions missing:
 * `env` creates a client from the environment; `net <url>` calls whoami. Prints how it ended.
 */
import { createControlPlaneClient, whoami } from "../../control/mod.ts";

const [mode, url] = Deno.args;
const t0 = performance.now();
try {
  if (mode === "env") createControlPlaneClient();
  else {
    const client = createControlPlaneClient({
      baseUrl: url,
      bearerToken: "kt_live_permission_0001",
      retryBaseDelay: 2000,
    });
    await whoami(client);
  }
  console.log(JSON.stringify({ name: "ok" }));
} catch (err) {
  const e = err as { name: string; code?: string; message: string };
  console.log(
    JSON.stringify({ name: e.name, code: e.code, message: e.message, ms: performance.now() - t0 }),
  );
}
