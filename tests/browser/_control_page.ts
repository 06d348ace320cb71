/**
 * The control lane in a page: it must refuse to start with its configuration error (bundled the way
 * a bundler with empty fallbacks for `node:` modules would).
 */
import { createControlPlaneClient } from "../../control/mod.ts";

(globalThis as Record<string, unknown>).control = {
  create(config: { baseUrl: string; bearerToken: string }) {
    try {
      createControlPlaneClient(config);
      return { created: true };
    } catch (err) {
      return {
        name: (err as Error).name,
        code: (err as { code?: string }).code,
        message: (err as Error).message,
      };
    }
  },
};
