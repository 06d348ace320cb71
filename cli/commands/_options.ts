/**
 * Option helpers the commands share. Private to the CLI.
 *
 * @module
 */

/** Help text of `--trust`. */
export const TRUST_HELP = "a key you trust: sha256:<hex> fingerprint, or a JWK, JWKS or PEM " +
  "file (repeat for several; see `pin`)";

/** Help text of `--url`. */
export const URL_HELP =
  "the control plane, e.g. https://api.keeptrusts.com (or KEEPTRUSTS_API_URL)";

/** Collects a repeated option's values. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
