// Configuration of `deno task generate` (@hey-api/openapi-ts). Kept free of imports on purpose.
export default {
  input: "./spec/openapi.json",
  output: {
    path: "./generated",
    module: { extension: ".ts" },
    format: null,
    lint: null,
  },
  plugins: [
    "@hey-api/client-fetch",
    "@hey-api/typescript",
    { name: "valibot" },
    { name: "@hey-api/sdk", validator: { request: false, response: "valibot" } },
  ],
};
