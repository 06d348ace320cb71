/** Hostile names: traversal, absolute and drive-letter paths, forbidden characters, aliases. */
import { buildZip, concat, fields, type HostileZip, ok, pythonZip, utf8 } from "./_zip_builder.ts";

const text = utf8;

const names = (title: string, list: string[], code: string, entry: string): HostileZip => ({
  title,
  zip: buildZip(list.map((name) => ok(name))),
  code,
  entry,
});

/** Names that are not plain relative paths. */
export function nameCases(): HostileZip[] {
  const slip = "../../../../../../../../tmp/evil.txt";
  return [
    {
      title:
        "zip-slip archive built like the public samples (evilarc: good.txt, then ../ x8 tmp/evil.txt)",
      zip: pythonZip(`z.writestr("good.txt", "good")\nz.writestr("${slip}", "evil")`),
      code: "unsafe_path",
      entry: slip,
    },
    {
      title: "zip-slip archive with Windows separators",
      zip: pythonZip(`z.writestr("good.txt", "good")\nz.writestr(r"..\\..\\..\\evil.txt", "evil")`),
      code: "unsafe_path",
      entry: "..\\..\\..\\evil.txt",
    },
    names("traversal in the middle of a path", ["a/../../b"], "unsafe_path", "a/../../b"),
    {
      title: "absolute path",
      zip: pythonZip(`z.writestr(zipfile.ZipInfo("/tmp/evil.txt"), "evil")`),
      code: "unsafe_path",
      entry: "/tmp/evil.txt",
    },
    names(
      "drive letter with a slash",
      ["C:/Windows/evil.txt"],
      "unsafe_path",
      "C:/Windows/evil.txt",
    ),
    names("drive-relative name", ["C:evil.txt"], "unsafe_path", "C:evil.txt"),
    names("NUL inside a name", ["evil.txt\0.json"], "unsafe_path", "evil.txt\0.json"),
    names("line break in a name", ["README.txt\n"], "unsafe_path", "README.txt\n"),
    names("C1 control character in a name", ["a\u0085b"], "unsafe_path", "a\u0085b"),
    names(
      "right-to-left override in a name",
      ["evil\u202Etxt.json"],
      "unsafe_path",
      "evil\u202Etxt.json",
    ),
    names("byte order mark before a name", ["\uFEFFREADME.txt"], "unsafe_path", "\uFEFFREADME.txt"),
    names("dot segment", ["./README.txt"], "unsafe_path", "./README.txt"),
    names(
      "segment ending in a dot (Windows drops it)",
      ["README.txt."],
      "unsafe_path",
      "README.txt.",
    ),
    names("Windows device name", ["NUL.txt"], "unsafe_path", "NUL.txt"),
    names("empty name", [""], "unsafe_path", ""),
    {
      title: "non-ASCII name not flagged as UTF-8",
      zip: buildZip([{ name: new Uint8Array([0x82, 0x61]), flags: 0, content: text("x") }]),
      code: "unsafe_path",
    },
    {
      title: "name flagged UTF-8 that is not",
      zip: buildZip([{ name: new Uint8Array([0x61, 0xff]), flags: 0x0800, content: text("x") }]),
      code: "unsafe_path",
    },
    {
      title: "second name in an Info-ZIP Unicode path extra field",
      zip: buildZip([{
        ...ok("harmless.txt"),
        extra: concat(fields([0x7075, 2], [9, 2]), new Uint8Array([1, 0, 0, 0, 0]), text("../x")),
      }]),
      code: "unsafe_path",
      entry: "harmless.txt",
    },
  ];
}

/** Duplicate names, and names that one filesystem would store as one path. */
export function aliasCases(): HostileZip[] {
  return [
    {
      title: "duplicate names (Python's zipfile writes them with a warning)",
      zip: pythonZip(`z.writestr("README.txt", "one")\nz.writestr("README.txt", "two")`),
      code: "duplicate_entry",
      entry: "README.txt",
    },
    names("a/b and a//b", ["a/b", "a//b"], "unsafe_path", "a//b"),
    names("x and x/y", ["x", "x/y"], "alias", "x/y"),
    names("x/y and x", ["x/y", "x"], "alias", "x"),
    names("README.txt and README.txt/", ["README.txt", "README.txt/"], "alias", "README.txt/"),
    names("names that differ only in case", ["README.txt", "readme.TXT"], "alias", "readme.TXT"),
    names("one folder spelled in two cases", ["d/a", "D/b"], "alias", "D/b"),
    names("NFC and NFD spellings of one name", ["caf\u00e9", "cafe\u0301"], "alias", "cafe\u0301"),
  ];
}
