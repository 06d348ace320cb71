/**
 * One demo server for a test file, the errors its tests collect, and the closing check that none
 * of them shows a token in any rendering (the control-plane client's test files share it).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { caught as caughtInto, type DemoServer, renderings, startServer } from "../_helpers.ts";

/** Starts the server before the file's tests (`use` receives it) and stops it after them. */
export function serverSuite(use: (server: DemoServer) => void, seedEvents = 50) {
  const errors: unknown[] = [];
  const secrets: string[] = [];
  let server: DemoServer | undefined;
  before(async () => {
    server = await startServer({ seedEvents });
    secrets.push(server.adminToken, server.readToken);
    use(server);
  });
  after(async () => {
    await server?.close();
  });
  return {
    /** The errors collected so far (tests may add ones they caught themselves). */
    errors,
    /** Tokens no error may show (the server's; tests add the ones they mint). */
    secrets,
    /** The rejection of `promise`, kept for the secrets check. */
    caught: <T>(promise: Promise<T>) => caughtInto(promise, errors),
    /** The closing check over at least `min` collected errors. */
    checkSecrets(min: number): void {
      describe("secrets", () => {
        it("no error produced by this suite shows a token in any rendering", () => {
          assert.ok(errors.length >= min, `collected ${errors.length} errors`);
          for (const err of errors) {
            for (const text of renderings(err)) {
              for (const secret of secrets) {
                assert.ok(!text.includes(secret), `a token leaked into: ${text.slice(0, 200)}`);
              }
            }
          }
        });
      });
    },
  };
}
