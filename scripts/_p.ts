import * as v from "valibot";
import { vListEventsResponse } from "../generated/valibot.gen.ts";
import { DemoStore } from "../demo/store.ts";
const store = new DemoStore({});
store.seedHistory(1000);
const text = JSON.stringify({
  events: store.events.map((e) => DemoStore.listRow(e)),
  next_cursor: "abc",
});
const t = async (n: string, f: () => unknown) => {
  for (let i = 0; i < 5; i++) await f();
  const t0 = performance.now();
  for (let i = 0; i < 50; i++) await f();
  console.log(n.padEnd(14), ((performance.now() - t0) / 50).toFixed(2), "ms/page");
};
const data = JSON.parse(text);
await t("JSON.parse", () => JSON.parse(text));
await t("parseAsync", () => v.parseAsync(vListEventsResponse, data));
await t("parse(sync)", () => v.parse(vListEventsResponse, data));
await t("is", () => v.is(vListEventsResponse, data));
console.log("bytes/page", text.length);
