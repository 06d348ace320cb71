/**
 * The one way the zip reader refuses an archive: a {@linkcode KeeptrustsBundleError} with a `code`,
 * the entry at fault, and a message that quotes the entry's name safely (escaped, cut at 100
 * characters), so that a hostile name can neither forge log lines nor flood them.
 *
 * @module
 */
import { KeeptrustsBundleError } from "../evidence_errors.ts";

const lossy = new TextDecoder("utf-8");

/**
 * A name as it may appear in a message: cut at 100 characters, quoted, and printable ASCII only
 * (quotes, backslashes, control, invisible and other non-ASCII characters escaped as in JSON), so
 * that it can neither break a log line nor look like another name.
 */
export function quoteName(name: string): string {
  const cut = name.length > 100 ? `${name.slice(0, 100)}...` : name;
  return JSON.stringify(cut).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Decodes name bytes for a message when they could not be decoded strictly. */
export function lossyName(bytes: Uint8Array): string {
  return lossy.decode(bytes);
}

/**
 * The refusal: `Cannot read evidence bundle: entry "<name>" <problem>`.
 *
 * @param code Machine-readable kind (`overlap`, `bad_crc`, `unsafe_path`, ...).
 * @param problem What is wrong, as the end of a sentence.
 * @param entry The entry at fault (its decoded name), when one is.
 */
export function zipError(
  code: string,
  problem: string,
  entry: string | null = null,
): KeeptrustsBundleError {
  const subject = entry === null ? "the zip" : `entry ${quoteName(entry)}`;
  return new KeeptrustsBundleError(`Cannot read evidence bundle: ${subject} ${problem}`, {
    code,
    entry,
  });
}
