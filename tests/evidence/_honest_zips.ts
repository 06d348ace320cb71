/**
 * Honest zips from the writers an auditor meets (fflate, Python's zipfile, Info-ZIP zip, streamed
 * archives with data descriptors) and honest names that are awkward for JavaScript objects, each
 * with the files (name, text) the reader must return.
 */
import { zipSync } from "fflate";
import { buildZip, crc, deflate, fields, infoZip, pythonZip, utf8 } from "./_zip_builder.ts";

/** One honest archive and what it holds, in archive order. */
export interface HonestZip {
  readonly title: string;
  readonly zip: () => Uint8Array;
  readonly expect: string[][];
}

/** Every honest archive. */
export const ACCEPTED: HonestZip[] = [
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
    title: "a zip with data descriptors without their optional signature",
    zip: () => {
      const content = utf8("described later ".repeat(20));
      const data = deflate(content);
      const descriptor = fields([crc(content), 4], [data.length, 4], [content.length, 4]);
      return buildZip([{
        name: "a",
        content,
        flags: 8,
        local: { crc: 0, compressedSize: 0, size: 0 },
        after: descriptor,
      }]);
    },
    expect: [["a", "described later ".repeat(20)]],
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
