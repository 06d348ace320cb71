/**
 * Prints the bounds the tests assert, as figures: for `read`, `verify` and `extract`, the slowest
 * refusal and the largest peak-RSS growth over the whole hostile corpus, measured in a child
 * process of the runtime that runs this file (Linux only: it reads /proc).
 *
 *   node --import tsx tests/evidence/_measure_bounds.ts
 *   node_modules/.bin/deno run -A tests/evidence/_measure_bounds.ts
 *   node_modules/.bin/bun tests/evidence/_measure_bounds.ts
 */
import { hostileCorpus, measureInChild } from "./_hostile_zips.ts";

const corpus = hostileCorpus();
for (const mode of ["read", "verify", "extract"]) {
  const measured = measureInChild(mode, corpus.map((c) => c.zip));
  const worst = (key: "ms" | "growthMiB") =>
    measured.reduce((a, m, i) => m[key] > a.value ? { value: m[key], i } : a, { value: -1, i: 0 });
  const wrong = measured.filter((m, i) => m.code !== corpus[i].code).length;
  const ms = worst("ms");
  const rss = worst("growthMiB");
  console.log(
    `${mode}: ${corpus.length} zips, ${wrong} refused with another code; ` +
      `slowest ${ms.value.toFixed(0)} ms (${corpus[ms.i].title}); ` +
      `most peak RSS growth ${rss.value.toFixed(1)} MiB (${corpus[rss.i].title})`,
  );
}
