import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { isKeeptrustsError } from "../../errors.ts";
import { KeeptrustsBundleError } from "../../evidence_errors.ts";
import { buildEvidenceBundle, createControlPlaneClient } from "../../control/mod.ts";
import { exportBundleZip, readEvidenceBundle, verifyEvidenceBundle } from "../../evidence/mod.ts";
import { crc32, inflateEntry } from "../../evidence/_zip_inflate.ts";
import { prng, startServer } from "../_helpers.ts";
import { ACCEPTED } from "./_honest_zips.ts";
import { hostileCorpus, measureInChild } from "./_hostile_zips.ts";
import {
  buildZip,
  crc,
  deflate,
  pythonZip,
  type RawEntry,
  unzipAccepts,
  utf8,
} from "./_zip_builder.ts";

const read = (zip: Uint8Array) => readEvidenceBundle(zip);
const corpus = hostileCorpus();

function refusal(fn: () => unknown): KeeptrustsBundleError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof KeeptrustsBundleError, `expected KeeptrustsBundleError, got ${err}`);
    return err;
  }
  assert.fail("expected a refusal");
}

describe("readEvidenceBundle() and verifyEvidenceBundle() on the hostile corpus", () => {
  for (const c of corpus) {
    it(`refuse ${c.title} (${c.code})`, () => {
      for (const fn of [readEvidenceBundle, verifyEvidenceBundle]) {
        const err = refusal(() => fn(c.zip));
        assert.equal(err.code, c.code, err.message);
        if (c.entry !== undefined) assert.equal(err.entry, c.entry);
        assert.match(err.message, /^Cannot read evidence bundle: (the zip|entry ")/);
        assert.match(err.message, /^[\x20-\x7e]+$/, "messages are printable ASCII");
      }
    });
  }
});

const texts = (files: Record<string, Uint8Array>) =>
  Object.entries(files).map(([name, bytes]) => [name, new TextDecoder().decode(bytes)]);

describe("readEvidenceBundle() on honest zips", () => {
  for (const c of ACCEPTED) {
    it(`reads ${c.title}, which Info-ZIP unzip -t accepts too`, () => {
      const zip = c.zip();
      assert.deepEqual(texts(read(zip)), c.expect);
      assert.equal(unzipAccepts(zip), true);
    });
  }

  it("returns a null-prototype object in which __proto__ and toString are ordinary names", () => {
    const files = read(ACCEPTED.find((c) => c.title.includes("__proto__"))!.zip());
    assert.equal(Object.getPrototypeOf(files), null);
    assert.deepEqual(Object.keys(files), [
      "__proto__",
      "toString",
      "constructor",
      "hasOwnProperty",
    ]);
    assert.equal(new TextDecoder().decode(files["__proto__"]), "__proto__");
    const other = read(ACCEPTED[0].zip());
    for (const name of ["__proto__", "toString", "constructor", "valueOf"]) {
      assert.equal(other[name], undefined, name);
      assert.equal(name in other, false, name);
    }
  });
});

function sample(next: () => number, length: number, alphabet: number): Uint8Array {
  return Uint8Array.from({ length }, () => Math.floor(next() * alphabet));
}

describe("the reader's CRC-32 and bounded inflate", () => {
  it("computes the same CRC-32 as zlib on random data of every length up to 300 bytes and 1 MiB", () => {
    const next = prng(7);
    for (let length = 0; length <= 300; length++) {
      const data = sample(next, length, 256);
      assert.equal(crc32(data), crc(data), `length ${length}`);
    }
    const big = sample(next, 1 << 20, 256);
    assert.equal(crc32(big), crc(big));
  });

  it("inflates zlib's streams to exactly the original bytes, however compressible", () => {
    const next = prng(11);
    for (const [length, alphabet] of [[0, 2], [1, 2], [70_000, 2], [70_000, 256], [300_000, 4]]) {
      const data = sample(next, length, alphabet);
      assert.deepEqual(inflateEntry(deflate(data), data.length, "x"), data);
    }
  });

  it("refuses a stream one byte longer or shorter than its declared size", () => {
    const data = sample(prng(3), 50_000, 3);
    for (const size of [data.length - 1, data.length + 1]) {
      const err = refusal(() => inflateEntry(deflate(data), size, "x"));
      assert.equal(err.code, "size_mismatch");
      assert.equal(err.entry, "x");
    }
  });
});

describe("readEvidenceBundle() on damaged zips", () => {
  const honestZip = pythonZip(
    `z.writestr("a.json", "{}" * 300)\nz.writestr("b.txt", "bee" * 50)\nz.writestr("c", "")`,
  );

  it("refuses every truncation of an archive with a typed error", () => {
    for (let length = 0; length < honestZip.length; length++) {
      const err = refusal(() => read(honestZip.subarray(0, length)));
      assert.ok(isKeeptrustsError(err));
    }
  });

  it("answers 2,000 single-byte corruptions with a typed error or contents that unzip -t accepts", {
    timeout: 120_000,
  }, () => {
    const next = prng(2026);
    const original = read(honestZip);
    let accepted = 0;
    for (let i = 0; i < 2000; i++) {
      const zip = honestZip.slice();
      const at = Math.floor(next() * zip.length);
      zip[at] ^= 1 + Math.floor(next() * 255);
      let files: Record<string, Uint8Array>;
      try {
        files = read(zip);
      } catch (err) {
        assert.ok(err instanceof KeeptrustsBundleError, `byte ${at}: ${err}`);
        continue;
      }
      accepted++;
      assert.deepEqual(files, original, `byte ${at} changed what was read`);
      assert.equal(unzipAccepts(zip), true, `byte ${at}: accepted here, refused by unzip -t`);
    }
    assert.ok(accepted < 2000 / 4, `${accepted} corruptions accepted`);
  });
});

const PROC = existsSync("/proc/self/clear_refs");

describe("bounds on hostile zips, measured in a child process of the same runtime", () => {
  for (const mode of ["read", "verify"]) {
    it(`${mode}: every hostile zip refused in under 2 s with peak RSS growth under 256 MiB`, {
      skip: PROC ? false : "needs Linux /proc to read peak RSS",
      timeout: 300_000,
    }, () => {
      const measured = measureInChild(mode, corpus.map((c) => c.zip));
      assert.equal(measured.length, corpus.length);
      measured.forEach((m, i) => {
        assert.equal(m.code, corpus[i].code, corpus[i].title);
        assert.ok(m.ms < 2000, `${corpus[i].title}: ${m.ms} ms`);
        assert.ok(m.growthMiB < 256, `${corpus[i].title}: ${m.growthMiB} MiB`);
      });
    });
  }
});

describe("readEvidenceBundle() arguments", () => {
  const zip = buildZip([{ name: "a.json", content: utf8("{}".repeat(2000)) }, { name: "b" }]);

  it("enforces each limit the caller tightens, while inflating where it must", () => {
    const cases: Array<[Record<string, number>, string]> = [
      [{ maxZipBytes: zip.length - 1 }, "too_large"],
      [{ maxEntryBytes: 3999 }, "too_large"],
      [{ maxTotalBytes: 3999 }, "too_large"],
      [{ maxEntries: 1 }, "too_many_entries"],
    ];
    for (const [limits, code] of cases) {
      assert.equal(
        refusal(() => readEvidenceBundle(zip, limits)).code,
        code,
        JSON.stringify(limits),
      );
    }
    assert.deepEqual(Object.keys(readEvidenceBundle(zip, { maxEntryBytes: 4000, maxEntries: 2 })), [
      "a.json",
      "b",
    ]);
  });

  it("refuses limits that plain JavaScript could pass, naming the limit", () => {
    const bad: Array<[unknown, ErrorConstructor, RegExp]> = [
      [{ maxEntrys: 3 }, TypeError, /unknown limit "maxEntrys"/],
      [{ maxEntries: "3" }, TypeError, /maxEntries must be a number/],
      [{ maxEntries: 0 }, RangeError, /maxEntries must be a positive integer, not 0/],
      [{ maxTotalBytes: 1.5 }, RangeError, /maxTotalBytes/],
      [{ maxZipBytes: Number.NaN }, RangeError, /maxZipBytes/],
      [{ maxRatio: 0.5 }, RangeError, /maxRatio must be a number of at least 1/],
      [{ maxEntryBytes: Infinity }, RangeError, /maxEntryBytes/],
      ["64", TypeError, /limits must be an object/],
      [null, TypeError, /limits must be an object/],
    ];
    for (const [limits, type, message] of bad) {
      assert.throws(
        () => readEvidenceBundle(zip, limits as Record<string, number>),
        (err: unknown) => err instanceof type && message.test((err as Error).message),
        String(JSON.stringify(limits)),
      );
    }
  });

  it("refuses a zip that is not a Uint8Array with a TypeError", () => {
    for (const zip of ["PK", [80, 75], new ArrayBuffer(22), null]) {
      assert.throws(() => readEvidenceBundle(zip as unknown as Uint8Array), TypeError);
    }
  });
});

describe("verifyEvidenceBundle() on names that Object.prototype has", () => {
  it("reports SHA256SUMS lines naming toString and constructor, and an extra __proto__ file", async () => {
    const server = await startServer({ seedEvents: 60 });
    try {
      const client = createControlPlaneClient({
        baseUrl: server.url,
        bearerToken: server.readToken,
      });
      const bundle = await buildEvidenceBundle(client, server.store.events[3].request_id);
      const files = readEvidenceBundle(exportBundleZip(bundle));
      const extra = ["toString", "constructor"].map((name) => `${"0".repeat(64)}  ${name}\n`);
      const sums = new TextDecoder().decode(files["SHA256SUMS"]) + extra.join("");
      const entries: RawEntry[] = Object.entries(files).map(([name, content]) => ({
        name,
        content: name === "SHA256SUMS" ? utf8(sums) : content,
      }));
      entries.push({ name: "__proto__", content: utf8("{}") });
      const report = verifyEvidenceBundle(buildZip(entries));
      assert.equal(report.ok, false);
      const named = report.failures.map((f) => f.file);
      for (const name of ["toString", "constructor", "__proto__"]) {
        assert.ok(named.includes(name), `${name}: ${JSON.stringify(report.failures)}`);
      }
    } finally {
      await server.close();
    }
  });
});
