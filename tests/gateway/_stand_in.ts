/** The stand-in for the gateway and ecosystem tests: one per test file, on a free loopback port. */
import { after, before } from "node:test";
import { type DemoServer, startServer } from "../_helpers.ts";

/** The running stand-in of a test file, and shortcuts to what its tests read. */
export interface StandIn {
  readonly server: DemoServer;
  /** Connection options for a gateway factory, with the stand-in's all-scopes token. */
  options<T extends object>(extra?: T): { baseUrl: string; apiKey: string } & T;
  /** The decision events the stand-in recorded for an agent. */
  eventsOf(agentId: string): DemoServer["store"]["events"];
}

/** Starts a stand-in before the file's tests and stops it after them. */
export function useStandIn(): StandIn {
  let server: DemoServer | undefined;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error("the stand-in starts in before()");
      return server;
    },
    options<T extends object>(extra?: T) {
      return { baseUrl: this.server.gatewayUrl, apiKey: this.server.adminToken, ...extra } as
        & { baseUrl: string; apiKey: string }
        & T;
    },
    eventsOf(agentId: string) {
      return this.server.store.events.filter((e) => e.agent_id === agentId);
    },
  };
}

/** The chat request the tests send. */
export const ask = (content: string) => ({
  model: "gpt-4o-mini",
  messages: [{ role: "user" as const, content }],
});
