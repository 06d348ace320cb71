/** Deterministic random strings for the fuzz-style tests of the gateway lane. */
export { prng } from "../_helpers.ts";
export const VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

export function randomString(rand: () => number, length: number): string {
  const pool = [..."0123456789abcdefABCDEF-ff00 \t\r\n\u0000\u007f\u00ff\u2028zZ_.:/"];
  let s = "";
  for (let i = 0; i < length; i++) s += pool[Math.floor(rand() * pool.length)];
  return s;
}
