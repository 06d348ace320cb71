import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { KeeptrustsError } from "../../evidence/mod.ts";
import { HashPool, workerCounts } from "../../evidence/_hash_pool.ts";
import { encodeJob, HashedBlock, jobBuffers } from "../../evidence/_hash_jobs.ts";

const place = { start: 0, length: 1, leafStart: 0, capacity: 16 };
const record = {
  created_at: "2026-01-01T00:00:00Z",
  event_id: "evt_1",
  kind: "decision",
  payload_hash: "0".repeat(64),
  prev_hash: "0".repeat(64),
  record_id: "rec_1",
  request_id: "req_1",
  seq: 1,
  hash: "a".repeat(64),
};
const job = () => encodeJob([record], place, jobBuffers(16));

/** Runs one job on a pool of workers made from `source`; returns what it rejected with. */
async function failure(source: string, signal?: AbortSignal): Promise<unknown> {
  const pool = (await HashPool.start(1, signal, source))!;
  try {
    await pool.hash(job());
    return undefined;
  } catch (err) {
    return err;
  } finally {
    await pool.close();
  }
}

function workerFailed(err: unknown, why: RegExp): boolean {
  return err instanceof KeeptrustsError && err.code === "worker_failed" && why.test(err.message);
}

describe("hashing workers", () => {
  it("answer a block with a verdict, a leaf and the block's tree", async () => {
    const pool = (await HashPool.start(1))!;
    try {
      const block = new HashedBlock(place, await pool.hash(job()));
      assert.equal(block.verdict(0), false, "its hash is not its text's SHA-256");
      assert.equal(block.leafOk(0), true);
      assert.equal(block.node(0, 0).length, 32);
    } finally {
      await pool.close();
    }
    assert.equal(workerCounts().live, 0);
  });

  it("turn a worker that throws into a typed error, not a hang", async () => {
    const err = await failure(`throw new Error("boom")`);
    assert.ok(workerFailed(err, /failed \(.*boom/), String(err));
    assert.equal(workerCounts().live, 0);
  });

  it("turn a worker that exits into a typed error", async () => {
    const err = await failure(`import("node:process").then((p) => p.default.exit(3));`);
    assert.ok(workerFailed(err, /exited/), String(err));
  });

  it("turn an answer to a job never given into a typed error", async () => {
    const source = `(async () => {
      const { parentPort } = await import("node:worker_threads");
      parentPort.postMessage({ ready: true });
      parentPort.on("message", () => parentPort.postMessage({ id: -1 }));
    })();`;
    const err = await failure(source);
    assert.ok(workerFailed(err, /answered a job it was not given/), String(err));
  });

  it("reject with the abort reason when aborted while a worker never answers", async () => {
    const controller = new AbortController();
    const source = `(async () => {
      const { parentPort } = await import("node:worker_threads");
      parentPort.postMessage({ ready: true });
      parentPort.on("message", () => {});
    })();`;
    const reason = new Error("enough");
    setTimeout(() => controller.abort(reason), 50);
    assert.equal(await failure(source, controller.signal), reason);
    assert.equal(workerCounts().live, 0);
  });
});
