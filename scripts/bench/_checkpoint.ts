/**
 * `evidence.checkpoint_bytes`: the bytes `verifyTrail` receives, without `deepVerify`, to prove a
 * checkpoint of `checkpointSize` records consistent with the newest head of a stand-in seeded with
 * `n` decisions (in a process of its own). Pins are every current key (as `pinPublicKeys` returns
 * them, fetched before counting), so no endorsement walk is counted.
 *
 * @module
 */
import {
  createControlPlaneClient,
  getConsistencyProof,
  listDigests,
  pinPublicKeys,
  verifyTrail,
} from "../../control/mod.ts";
import { countingClient } from "../../tests/control/_evidence_server.ts";
import { startProcess } from "./_standin.ts";

/** What was received, and whether consistency was proved. */
export interface CheckpointBytes {
  readonly bytes: number;
  readonly requests: number;
  readonly checkpointSize: number;
  readonly consistency: string;
}

/** Measures one verification against a fresh stand-in process. */
export async function checkpointBytes(n: number, around: number): Promise<CheckpointBytes> {
  const server = await startProcess(n);
  try {
    const plain = createControlPlaneClient({ baseUrl: server.url, bearerToken: server.readToken });
    const trustedKeys = await pinPublicKeys(plain, { timeout: 600_000 });
    let cursor: string | undefined;
    let checkpoint;
    while (checkpoint === undefined) {
      const page = await listDigests(plain, { limit: 1000, cursor });
      checkpoint = page.digests.find((d) => d.tree_size >= around);
      cursor = page.next_cursor ?? undefined;
      if (cursor === undefined && checkpoint === undefined) throw new Error("no digest found");
    }
    await getConsistencyProof(plain, { first: checkpoint.tree_size, second: checkpoint.tree_size });
    const { client: counted, counter } = countingClient(server, server.readToken, 600_000);
    const report = await verifyTrail(counted, { trustedKeys, checkpoint, allowPending: true });
    if (!report.ok) throw new Error(`verifyTrail failed: ${report.failures[0]?.code}`);
    return { ...counter, checkpointSize: checkpoint.tree_size, consistency: report.consistency };
  } finally {
    await server.close();
  }
}
