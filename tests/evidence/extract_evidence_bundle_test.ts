import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { extractEvidenceBundle, KeeptrustsBundleError } from "../../evidence/mod.ts";
import { hostileCorpus, measureInChild } from "./_hostile_zips.ts";
import { buildZip, utf8 } from "./_zip_builder.ts";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const FILES: Array<[string, string]> = [
  ["README.txt", "check me with sha256sum -c SHA256SUMS\n"],
  ["manifest.json", '{"format":"test"}\n'],
  ["d/e/nested.txt", "nested\n"],
];
const SUMS = FILES.map(([name, text]) => `${sha256(text)}  ${name}\n`).join("");
const ZIP = buildZip(
  [...FILES, ["SHA256SUMS", SUMS]].map(([name, text]) => ({ name, content: utf8(text) })),
);
const NAMES = [...FILES.map(([name]) => name), "SHA256SUMS"];

let base: string;
let n = 0;
/** A fresh, empty parent folder for one case. */
const parent = () => {
  const dir = join(base, `case-${n++}`);
  mkdirSync(dir);
  return dir;
};

before(() => {
  base = mkdtempSync(join(tmpdir(), "kt-extract-"));
});
after(() => rmSync(base, { recursive: true, force: true }));

async function refused(promise: Promise<unknown>): Promise<KeeptrustsBundleError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof KeeptrustsBundleError, `expected KeeptrustsBundleError, got ${err}`);
    return err;
  }
  assert.fail("expected a refusal");
}

describe("extractEvidenceBundle() on an honest bundle", () => {
  it("creates the target (and its parent), writes every file, and sha256sum -c agrees", async () => {
    const target = join(parent(), "missing", "evidence");
    const written = await extractEvidenceBundle(ZIP, target);
    assert.deepEqual(written, NAMES.map((name) => join(target, ...name.split("/"))));
    for (const [name, text] of FILES) assert.equal(readFileSync(join(target, name), "utf8"), text);
    assert.equal(statSync(target).mode & 0o777, 0o755);
    const out = execFileSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: target, encoding: "utf8" });
    assert.match(out, /d\/e\/nested\.txt: OK/);
    assert.deepEqual(readdirSync(join(target, "..")), ["evidence"], "no staging folder is left");
  });

  it("replaces an empty folder in one rename, keeping its mode", async () => {
    const target = join(parent(), "empty");
    mkdirSync(target);
    chmodSync(target, 0o750);
    await extractEvidenceBundle(ZIP, target);
    assert.deepEqual(readdirSync(target).sort(), [
      "README.txt",
      "SHA256SUMS",
      "d",
      "manifest.json",
    ]);
    assert.equal(statSync(target).mode & 0o777, 0o750);
  });

  it("writes entries named __proto__, toString and constructor like any other", async () => {
    const names = ["__proto__", "toString", "constructor"];
    const zip = buildZip(names.map((name) => ({ name, content: utf8(name) })));
    const target = join(parent(), "t");
    await extractEvidenceBundle(zip, target);
    for (const name of names) assert.equal(readFileSync(join(target, name), "utf8"), name);
  });
});

describe("extractEvidenceBundle() when the target is there", () => {
  const cases: Array<[string, (target: string, outside: string) => void]> = [
    ["a folder that is not empty", (t) => (mkdirSync(t), writeFileSync(join(t, "keep"), "x"))],
    ["a file", (t) => writeFileSync(t, "x")],
    ["a symbolic link to an empty folder", (t, outside) => symlinkSync(outside, t)],
    ["a folder holding a link to a folder outside", (t, outside) => {
      mkdirSync(t);
      symlinkSync(outside, join(t, "d"));
    }],
  ];
  for (const [what, make] of cases) {
    it(`refuses ${what} (exists), writing nothing anywhere`, async () => {
      const dir = parent();
      const target = join(dir, "target");
      const outside = join(dir, "outside");
      mkdirSync(outside);
      make(target, outside);
      const before = readdirSync(dir).sort();
      const err = await refused(extractEvidenceBundle(ZIP, target));
      assert.equal(err.code, "exists");
      assert.match(err.message, /^Cannot extract evidence bundle: /);
      assert.deepEqual(readdirSync(dir).sort(), before, "no staging folder is left");
      assert.deepEqual(readdirSync(outside), [], "nothing written through a link");
    });
  }
});

describe("extractEvidenceBundle() on failures", () => {
  it("leaves nothing behind when a write fails half-way (a path too long for the system)", async () => {
    let dir = parent();
    const top = dir;
    while (dir.length < 3700) dir = join(dir, "p".repeat(200));
    mkdirSync(dir, { recursive: true });
    const zip = buildZip([
      { name: "first.txt", content: utf8("written first") },
      { name: `${"x".repeat(200)}/${"y".repeat(200)}`, content: utf8("too deep") },
    ]);
    await assert.rejects(extractEvidenceBundle(zip, join(dir, "target")), { code: "ENAMETOOLONG" });
    assert.deepEqual(readdirSync(dir), [], "neither the target nor the staging folder remains");
    rmSync(top, { recursive: true, force: true });
  });

  it("refuses a target that is not a path with a TypeError", async () => {
    for (const target of ["", "a\0b", 7, undefined]) {
      await assert.rejects(extractEvidenceBundle(ZIP, target as string), TypeError);
    }
  });
});

describe("extractEvidenceBundle() on the hostile corpus", () => {
  const corpus = hostileCorpus();
  const evil = join(tmpdir(), "evil.txt");
  const evilBefore = existsSync(evil);

  it("refuses every hostile zip with the reader's code, writing nothing inside or outside", {
    timeout: 120_000,
  }, async () => {
    for (const c of corpus) {
      const dir = parent();
      const err = await refused(extractEvidenceBundle(c.zip, join(dir, "target")));
      assert.equal(err.code, c.code, c.title);
      if (c.entry !== undefined) assert.equal(err.entry, c.entry, c.title);
      assert.deepEqual(readdirSync(dir), [], c.title);
    }
    assert.equal(existsSync(evil), evilBefore, "no zip-slip file in the temporary folder");
  });

  it("refuses each in under 2 s with peak RSS growth under 256 MiB, in a child process", {
    skip: existsSync("/proc/self/clear_refs") ? false : "needs Linux /proc to read peak RSS",
    timeout: 300_000,
  }, () => {
    const measured = measureInChild("extract", corpus.map((c) => c.zip));
    assert.equal(measured.length, corpus.length);
    measured.forEach((m, i) => {
      assert.equal(m.code, corpus[i].code, corpus[i].title);
      assert.ok(m.ms < 2000, `${corpus[i].title}: ${m.ms} ms`);
      assert.ok(m.growthMiB < 256, `${corpus[i].title}: ${m.growthMiB} MiB`);
      assert.deepEqual(m.left, [], `${corpus[i].title}: nothing left next to the target`);
    });
  });
});
