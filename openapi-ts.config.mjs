// Configuration of `deno task generate` (@hey-api/openapi-ts). Kept free of imports on purpose:
// scripts/generate.ts loads it and only changes the output folder (for the drift check).
export default {
  input: "./spec/openapi.json",
  output: {
    path: "./generated",
    module: { extension: ".ts" },
    postProcess: [],
  },
  logs: { level: "silent" },
  plugins: [
    "@hey-api/client-fetch",
    "@hey-api/typescript",
    { name: "valibot" },
    { name: "@hey-api/sdk", validator: { request: false, response: "valibot" } },
  ],
};
