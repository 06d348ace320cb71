/**
 * Synchronous SHA-256 for the stand-in's hot loops: `crypto.hash` in one call where the runtime
 * has it (Bun, Deno, Node >= 20.12), `createHash` otherwise.
 *
 * @module
 */
import * as nodeCrypto from "node:crypto";

type OneShot = (algorithm: string, data: string | Uint8Array, encoding: string) => unknown;
const oneShot = (nodeCrypto as unknown as { hash?: OneShot }).hash;

/** SHA-256 of text (UTF-8) or bytes, as lower-case hex. */
export const sha256Hex: (data: string | Uint8Array) => string = oneShot
  ? (data) => oneShot("sha256", data, "hex") as string
  : (data) => nodeCrypto.createHash("sha256").update(data).digest("hex");
