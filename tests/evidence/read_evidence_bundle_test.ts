import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";
import { isKeeptrustsError, KeeptrustsBundleError } from "../../errors.ts";
import { readZip } from "../../evidence/_zip.ts";
import { crc32, inflateEntry } from "../../evidence/_zip_inflate.ts";
import { prng } from "../_helpers.ts";
import { hostileCorpus } from "./_hostile_zips.ts";
import { buildZip, crc, deflate, infoZip, pythonZip, unzipAccepts, utf8 } from "./_zip_builder.ts";

const LIMITS = {
  maxZipBytes: 64 << 20,
  maxEntryBytes: 64 << 20,
  maxTotalBytes: 64 << 20,
  maxEntries: 64,
  maxRatio: 200,
};
const read = (zip: Uint8Array) => readZip(zip, LIMITS);
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

describe("readZip() on the hostile corpus", () => {
  for (const c of corpus) {
    it(`refuses ${c.title} (${c.code})`, () => {
      const err = refusal(() => read(c.zip));
      assert.equal(err.code, c.code, err.message);
      if (c.entry !== undefined) assert.equal(err.entry, c.entry);
      assert.match(err.message, /^Cannot read evidence bundle: (the zip|entry ")/);
      assert.match(err.message, /^[\x20-\x7e]+$/, "messages are printable ASCII");
    });
  }
});

const texts = (map: Map<string, Uint8Array>) =>
  [...map].map(([name, bytes]) => [name, new TextDecoder().decode(bytes)]);

const ACCEPTED: Array<{ title: string; zip: () => Uint8Array; expect: string[][] }> = [
  {
    title: "a bundle-like zip written by fflate (the SDK's own writer)",
    zip: () =>
      zipSync({
        "README.txt": [utf8("read me\n"), { level: 6, mtime: new Date("2000-01-01T00:00:00Z") }],
        "SHA256SUMS": [utf8("0  README.txt\n"), { level: 6 }],
        "digest.sig": [new Uint8Array(64).fill(1), { level: 0 }],
      }),
    expect: [
      ["README.txt", "read me\n"],
      ["SHA256SUMS", "0  README.txt\n"],
      ["digest.sig", "\x01".repeat(64)],
    ],
  },
  {
    title: "a deflated zip written by Python's zipfile, with a folder entry",
    zip: () =>
      pythonZip(`z.writestr("a.json", "{}" * 500)\nz.writestr("d/", "")\nz.writestr("d/b", "b")`),
    expect: [["a.json", "{}".repeat(500)], ["d/b", "b"]],
  },
  {
    title: "a stored zip written by Python's zipfile",
    zip: () => pythonZip(`z.writestr("a", "stored")`, { compression: "zipfile.ZIP_STORED" }),
    expect: [["a", "stored"]],
  },
  {
    title: "a zip Python streamed to a pipe (data descriptors)",
    zip: () => pythonZip(`z.writestr("a", "x" * 3000)\nz.writestr("b", "")`, { streamed: true }),
    expect: [["a", "x".repeat(3000)], ["b", ""]],
  },
  {
    title: "a zip written by Info-ZIP zip",
    zip: () => infoZip([], { "a.txt": "alpha\n", "b.txt": "" }),
    expect: [["a.txt", "alpha\n"], ["b.txt", ""]],
  },
  {
    title: "entries named __proto__, toString, constructor and hasOwnProperty",
    zip: () =>
      buildZip(["__proto__", "toString", "constructor", "hasOwnProperty"].map((name) => ({
        name,
        content: utf8(name),
      }))),
    expect: ["__proto__", "toString", "constructor", "hasOwnProperty"].map((n) => [n, n]),
  },
  {
    title: "a UTF-8 name, an empty file and an empty deflated file",
    zip: () =>
      buildZip([
        { name: "caf\u00e9.txt", content: utf8("cafe") },
        { name: "empty", method: 0 },
        { name: "empty.deflated" },
      ]),
    expect: [["caf\u00e9.txt", "cafe"], ["empty", ""], ["empty.deflated", ""]],
  },
];

describe("readZip() on honest zips", () => {
  for (const c of ACCEPTED) {
    it(`reads ${c.title}, which Info-ZIP unzip -t accepts too`, () => {
      const zip = c.zip();
      const map = read(zip);
      assert.ok(map instanceof Map);
      assert.deepEqual(texts(map), c.expect);
      assert.equal(unzipAccepts(zip), true);
    });
  }

  it("returns a Map in which __proto__ is an ordinary key on every runtime", () => {
    const map = read(ACCEPTED[5].zip());
    assert.equal(map.size, 4);
    assert.equal(new TextDecoder().decode(map.get("__proto__")), "__proto__");
    assert.equal(Object.getPrototypeOf(map), Map.prototype);
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

describe("readZip() on damaged zips", () => {
  const honestZip = pythonZip(
    `z.writestr("a.json", "{}" * 300)\nz.writestr("b.txt", "bee" * 50)\nz.writestr("c", "")`,
  );

  it("refuses every truncation of an archive with a typed error", () => {
    for (let length = 0; length < honestZip.length; length++) {
      const err = refusal(() => read(honestZip.subarray(0, length)));
      assert.ok(isKeeptrustsError(err));
    }
  });

  it("answers 2,000 single-byte corruptions with a typed error or contents that unzip -t accepts", () => {
    const next = prng(2026);
    const original = read(honestZip);
    let accepted = 0;
    for (let i = 0; i < 2000; i++) {
      const zip = honestZip.slice();
      const at = Math.floor(next() * zip.length);
      zip[at] ^= 1 + Math.floor(next() * 255);
      let map: Map<string, Uint8Array>;
      try {
        map = read(zip);
      } catch (err) {
        assert.ok(err instanceof KeeptrustsBundleError, `byte ${at}: ${err}`);
        continue;
      }
      accepted++;
      assert.deepEqual(map, original, `byte ${at} changed what was read`);
      assert.equal(unzipAccepts(zip), true, `byte ${at}: accepted here, refused by unzip -t`);
    }
    assert.ok(accepted < 2000 / 4, `${accepted} corruptions accepted`);
  });
});

const PROC = existsSync("/proc/self/clear_refs");

describe("readZip() bounds, measured in a child process", () => {
  it("refuses every hostile zip in under 2 s with peak RSS growth under 256 MiB", {
    skip: PROC ? false : "needs Linux /proc to read peak RSS",
  }, () => {
    const dir = mkdtempSync(join(tmpdir(), "kt-bounds-"));
    try {
      const paths = corpus.map((c, i) => {
        const path = join(dir, `${i}.zip`);
        writeFileSync(path, c.zip);
        return path;
      });
      const script = fileURLToPath(new URL("./_bounds_child.ts", import.meta.url));
      const g = globalThis as { Deno?: { execPath(): string }; Bun?: unknown };
      const [cmd, args] = g.Deno
        ? [g.Deno.execPath(), ["run", "-A", script]]
        : g.Bun
        ? [process.execPath, [script]]
        : [process.execPath, ["--import", "tsx", script]];
      const out = execFileSync(cmd, [...args, "read", ...paths], {
        encoding: "utf8",
        timeout: 120_000,
        maxBuffer: 16 << 20,
      });
      const lines = out.trim().split("\n").map((l) => JSON.parse(l));
      assert.equal(lines.length, corpus.length);
      lines.forEach((line, i) => {
        const c = corpus[i];
        assert.equal(line.code, c.code, c.title);
        assert.ok(line.ms < 2000, `${c.title}: ${line.ms} ms`);
        assert.ok(line.growthMiB < 256, `${c.title}: ${line.growthMiB} MiB`);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
